"""Unit tests of ``.ci/examples_on_newest.py``: the parts that need no venv.

The fixture texts are excerpts of what sphinx-gallery 0.22 writes: a part's
``sg_execution_times.rst`` and an example's generated ``.rst`` page.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import textwrap
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / ".ci" / "examples_on_newest.py"


def _load_script():
    spec = importlib.util.spec_from_file_location("examples_on_newest", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


newest = _load_script()

EXECUTION_TIMES = """
:orphan:

.. _sphx_glr_auto_examples_03_binary_classifier_sg_execution_times:


Computation times
=================
**06:25.457** total execution time for 2 files **from auto_examples/03_binary_classifier**:

.. container::

  .. raw:: html

    <style scoped>
    <link href="https://cdnjs.cloudflare.com/ajax/libs/twitter-bootstrap/5.3.0/css/bootstrap.min.css" rel="stylesheet" />
    </style>

  .. list-table::
   :header-rows: 1
   :class: table table-striped sg-datatable

   * - Example
     - Time
     - Mem (MB)
   * - :ref:`sphx_glr_auto_examples_03_binary_classifier_plot_01_five_detector.py` (``plot_01_five_detector.py``)
     - 06:12.345
     - 0.0
   * - :ref:`sphx_glr_auto_examples_03_binary_classifier_plot_02_confusion_matrix.py` (``plot_02_confusion_matrix.py``)
     - 00:13.112
     - 512.3
"""  # noqa: E501 (the real format's long lines)

PAGE = """
.. rst-class:: sphx-glr-example-title

.. _sphx_glr_auto_examples_01_small_digits_plot_01_svc_digits.py:


Recognising 8x8 digits
======================

.. GENERATED FROM PYTHON SOURCE LINES 19-34

.. code-block:: Python

    digits = load_digits()
    print(f"images: {digits.images.shape}, labels: {digits.target.shape}")




.. image-sg:: /auto_examples/01_small_digits/images/sphx_glr_plot_01_svc_digits_001.png
   :alt: Training: 0, Training: 1
   :class: sphx-glr-single-img


.. rst-class:: sphx-glr-script-out

 .. code-block:: none

    images: (1797, 8, 8), labels: (1797,)




.. GENERATED FROM PYTHON SOURCE LINES 75-78

.. code-block:: Python

    print(classification_report(y_test, y_pred))




.. rst-class:: sphx-glr-script-out

 .. code-block:: none

                  precision    recall  f1-score   support

               0       1.00      0.99      0.99        88

        accuracy                           0.97       899





.. rst-class:: sphx-glr-timing

   **Total running time of the script:** (0 minutes 0.678 seconds)
"""

PAGE_LINES = [
    "images: (1797, 8, 8), labels: (1797,)",
    "              precision    recall  f1-score   support",
    "           0       1.00      0.99      0.99        88",
    "    accuracy                           0.97       899",
]


def test_execution_times_are_read_from_the_table():
    times = newest.parse_execution_times(EXECUTION_TIMES, "03_binary_classifier")
    assert times == {
        "03_binary_classifier/plot_01_five_detector": pytest.approx(372.345),
        "03_binary_classifier/plot_02_confusion_matrix": pytest.approx(13.112),
    }


def test_execution_times_come_from_every_part_of_the_gallery(tmp_path):
    (tmp_path / "03_binary_classifier").mkdir()
    (tmp_path / "03_binary_classifier" / "sg_execution_times.rst").write_text(EXECUTION_TIMES)
    (tmp_path / "01_small_digits").mkdir()
    (tmp_path / "01_small_digits" / "sg_execution_times.rst").write_text(
        EXECUTION_TIMES.replace("03_binary_classifier", "01_small_digits"))
    times = newest.read_execution_times(tmp_path)
    assert sorted(times) == [
        "01_small_digits/plot_01_five_detector", "01_small_digits/plot_02_confusion_matrix",
        "03_binary_classifier/plot_01_five_detector",
        "03_binary_classifier/plot_02_confusion_matrix",
    ]
    assert newest.read_execution_times(tmp_path / "missing") == {}


def test_selection_by_pattern_and_by_time_of_the_last_build():
    scripts = [Path("/x/examples") / name for name in (
        "01_small_digits/plot_01_svc_digits.py", "03_binary_classifier/plot_01_five_detector.py",
        "03_binary_classifier/plot_02_confusion_matrix.py", "04_multiclass/plot_01_ovr.py")]
    times = newest.parse_execution_times(EXECUTION_TIMES, "03_binary_classifier")
    names = [newest.example_name(script)
             for script in newest.select_examples(scripts, ["03_*/*", "04_*/*"], times, 60)]
    # 04 has no recorded time, the five-detector took 6 minutes
    assert names == ["03_binary_classifier/plot_02_confusion_matrix"]
    assert newest.select_examples(scripts, [], None, None) == scripts


def test_page_output_is_every_cell_output_without_indentation():
    assert newest.comparable(newest.parse_page_output(PAGE)) == PAGE_LINES


def test_a_traceback_on_the_page_is_not_printed_output():
    page = PAGE + textwrap.dedent("""
        .. rst-class:: sphx-glr-script-out

        .. code-block:: pytb

            Traceback (most recent call last):
            RuntimeError: broken
        """)
    assert newest.comparable(newest.parse_page_output(page)) == PAGE_LINES


def test_same_output_has_no_differing_lines():
    here = ["images: (1797, 8, 8), labels: (1797,)   ", "",
            "              precision    recall  f1-score   support", "",
            "           0       1.00      0.99      0.99        88", "",
            "    accuracy                           0.97       899", "", ""]
    assert newest.diff_printed(newest.parse_page_output(PAGE), here) == []


def test_differing_lines_name_the_page_and_this_run():
    here = list(PAGE_LINES)
    here[2] = "           0       1.00      0.98      0.99        88"
    here.append("a line the page does not show")
    assert newest.diff_printed(PAGE_LINES, here) == [
        "- page:            0       1.00      0.99      0.99        88",
        "+ here:            0       1.00      0.98      0.99        88",
        "+ here: a line the page does not show",
    ]


def test_a_missing_page_is_not_compared(tmp_path):
    assert newest.compare_with_page(tmp_path, "01_small_digits/plot_01_svc_digits", "x") is None
    (tmp_path / "01_small_digits").mkdir()
    (tmp_path / "01_small_digits" / "plot_01_svc_digits.rst").write_text(PAGE)
    assert newest.compare_with_page(
        tmp_path, "01_small_digits/plot_01_svc_digits", "\n".join(PAGE_LINES)) == []


@pytest.mark.parametrize(("code", "status"), [
    ("print('fine')", "ok"),
    ("import warnings; warnings.warn('old API', FutureWarning)", "warned"),
    ("raise SystemExit(3)", "failed"),
])
def test_status_of_a_run(tmp_path, code, status):
    script = tmp_path / "examples" / "01_part" / "plot_01_x.py"
    script.parent.mkdir(parents=True)
    script.write_text(code)
    env = newest.example_environment(tmp_path / "cache")
    result = newest.run_example(Path(sys.executable), script, env, 30, tmp_path / "gallery")
    assert (result.example, result.status, result.differing) == ("01_part/plot_01_x", status, None)
    assert ("old API" in result.stderr) == (status == "warned")


def test_an_example_runs_in_an_empty_folder_with_a_clean_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", "/somewhere")
    monkeypatch.setenv("VIRTUAL_ENV", "/a/venv")
    script = tmp_path / "plot_01_env.py"
    script.write_text("import os; print(os.listdir('.'), os.environ.get('PYTHONPATH'),"
                      " os.environ.get('VIRTUAL_ENV'), os.environ['MPLBACKEND'])")
    env = newest.example_environment(tmp_path / "cache")
    returncode, stdout, stderr = newest.run_script(Path(sys.executable), script, str(tmp_path),
                                                   env, 30)
    assert (returncode, stderr) == (0, "")
    assert stdout.split() == ["['plot_01_env.py']", "None", "None", "Agg"]


def test_a_timeout_stops_the_example_and_its_children(tmp_path):
    script = tmp_path / "plot_01_slow.py"
    # the child inherits stdout: unless it is killed too, the pipe stays open
    script.write_text("import subprocess, sys, time\n"
                      "subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])\n"
                      "time.sleep(60)\n")
    returncode, _, stderr = newest.run_script(Path(sys.executable), script, str(tmp_path), {}, 1)
    assert returncode is None
    assert "timeout" in stderr
    assert newest.status_of(returncode, stderr) == "failed"


def test_table_and_details():
    results = [
        newest.Result("01_a/plot_01_x", "ok", 1.25, 0, "", []),
        newest.Result("02_b/plot_01_y", "warned", 12.0, 0, "FutureWarning: old\n", None),
        newest.Result("03_c/plot_01_z", "failed", 3.0, 1, "Traceback\nValueError: bad\n",
                      ["- page: 0.9", "+ here: 0.8"]),
    ]
    assert newest.format_table(results).splitlines() == [
        "example        | status | seconds | lines differing",
        "---------------+--------+---------+----------------",
        "01_a/plot_01_x | ok     | 1.2     | 0",
        "02_b/plot_01_y | warned | 12.0    | no page",
        "03_c/plot_01_z | failed | 3.0     | 2",
    ]
    assert newest.format_details(results[0]) == ""
    assert "FutureWarning: old" in newest.format_details(results[1])
    assert "no built page to compare with" in newest.format_details(results[1])
    details = newest.format_details(results[2])
    assert "exit code 1" in details and "ValueError: bad" in details and "+ here: 0.8" in details


def test_times_of_an_earlier_run_choose_the_quick_examples(tmp_path):
    record = tmp_path / "run.json"
    record.write_text(json.dumps({"versions": {}, "results": [
        {"example": "01_a/plot_01_x", "status": "ok", "seconds": 12.0},
        {"example": "01_a/plot_02_y", "status": "ok", "seconds": 95.0},
        {"example": "02_b/plot_01_z", "status": "failed", "seconds": 3.0},
    ]}))
    times = newest.read_run_times(record)
    assert times == {"01_a/plot_01_x": 12.0, "01_a/plot_02_y": 95.0}
    scripts = [Path(f"/e/{name}.py") for name in ("01_a/plot_01_x", "01_a/plot_02_y", "02_b/plot_01_z")]
    assert newest.select_examples(scripts, [], times, 60) == scripts[:1]


def test_the_project_is_installed_from_a_clean_copy(tmp_path):
    copy = newest.copy_project(tmp_path)
    assert sorted(path.name for path in copy.iterdir()) == sorted(newest.PROJECT_FILES)
    assert (copy / "digitkit" / "__init__.py").is_file()
    assert not list(copy.rglob("__pycache__"))
    command = newest.install_command(Path("/venv/bin/python"), None, copy)
    assert command[-1] == f"{copy}[frame]"
