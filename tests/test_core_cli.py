"""``swedu validate``: exit codes, messages with line numbers, both languages; in-process and as the
installed console script."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from swedu.cli import main
from swedu.scenarios import BUILTIN_DIR

DATA = Path(__file__).parent / "data"
GOOD = DATA / "core-fixture.yaml"
BROKEN = DATA / "broken-several.yaml"


def run(capsys, *argv) -> tuple[int, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out + out.err


def test_good_files_exit_zero(capsys):
    seeds = [str(BUILTIN_DIR / "delinquent-youth.yaml"), str(BUILTIN_DIR / "small-business.yaml")]
    code, out = run(capsys, "validate", str(GOOD), *seeds)
    assert code == 0
    assert f"OK: {GOOD} (Mrs Wati's debts; 2 stage(s), 11 actors)" in out
    assert out.count("OK: ") == 3


def test_broken_file_exits_one_with_every_problem(capsys):
    code, out = run(capsys, "validate", str(BROKEN))
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == f"3 problem(s) in {BROKEN}:"
    assert f"{BROKEN}, line 4, column 8: title has no id text" in lines[1]
    assert f"{BROKEN}, line 5, column 8: level is 'mikro'" in lines[2] and "Did you mean 'micro'?" in lines[2]
    assert f"{BROKEN}, line 21, column 7:" in lines[3] and "Did you mean 'family'?" in lines[3]


def test_good_and_broken_together(capsys, tmp_path):
    missing = tmp_path / "missing.yaml"
    code, out = run(capsys, "validate", str(GOOD), str(BROKEN), str(missing))
    assert code == 1
    assert "OK: " in out and "3 problem(s)" in out and "the file cannot be read" in out


def test_no_files_exits_two(capsys):
    code, out = run(capsys, "validate")
    assert code == 2 and "swedu validate my-case.yaml" in out


@pytest.mark.parametrize("argv", [["--lang", "id", "validate", str(BROKEN)], ["validate", "--lang", "id", str(BROKEN)],
                                  ["validate", str(BROKEN), "--lang", "id"]])
def test_indonesian(capsys, argv):
    code, out = run(capsys, *argv)
    assert code == 1
    assert out.splitlines()[0] == f"3 masalah dalam {BROKEN}:"
    assert f"{BROKEN}, baris 5, kolom 8: level berisi 'mikro', yang tidak diperbolehkan." in out
    assert "Apakah maksud Anda 'micro'?" in out
    for english in ("problem(s)", " line ", "column", "Did you mean", "is not", "should be", "Choose from"):
        assert english not in out


def test_indonesian_ok_line(capsys):
    code, out = run(capsys, "validate", "--lang", "id", str(GOOD))
    assert code == 0 and out.strip() == f"OK: {GOOD} (Utang Ibu Wati; 2 tahap, 11 pihak)"


def test_wrong_type_words_in_indonesian(capsys, tmp_path):
    path = tmp_path / "types.yaml"
    path.write_text(GOOD.read_text(encoding="utf-8").replace("actors:\n", "actors: semua\nx:\n")
                    .replace("ask_reasons: true", "ask_reasons: [true]"), encoding="utf-8")
    code, out = run(capsys, "--lang", "id", "validate", str(path))
    assert code == 1
    assert "actors seharusnya sebuah daftar (baris yang diawali -), tetapi isinya teks 'semua'" in out
    assert "ask_reasons seharusnya true atau false, tetapi isinya sebuah daftar" in out
    assert "isian 'x' tidak dikenal" in out


@pytest.mark.parametrize("content", [b"a: &a [1]\nb: *a\n", b"\x00\x01\x02", b"\xff\xfe\xfa", b"", b"- 1\n"])
def test_hostile_files_exit_one(capsys, tmp_path, content):
    path = tmp_path / "hostile.yaml"
    path.write_bytes(content)
    code, out = run(capsys, "validate", str(path))
    assert code == 1 and f"1 problem(s) in {path}:" in out
    assert "Traceback" not in out


def test_bad_language_is_an_argparse_error(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--lang", "fr", "validate", str(GOOD)])
    assert info.value.code == 2


def console_script() -> str:
    candidate = Path(sys.executable).with_name("swedu")
    if candidate.exists():
        return str(candidate)
    found = shutil.which("swedu")
    assert found, "the swedu console script is not installed (pip install -e .)"
    return found


def test_console_script(tmp_path):
    env = dict(os.environ, SWEDU_LANG="en")
    ok = subprocess.run([console_script(), "validate", str(GOOD)], capture_output=True, text=True, env=env,
                        timeout=120)
    assert ok.returncode == 0 and ok.stdout.startswith("OK: ") and ok.stderr == ""
    bad = subprocess.run([console_script(), "validate", "--lang", "id", str(BROKEN)], capture_output=True,
                         text=True, env=env, timeout=120)
    assert bad.returncode == 1
    assert f"{BROKEN}, baris 21, kolom 7:" in bad.stdout and "Traceback" not in bad.stderr
    usage = subprocess.run([console_script(), "validate"], capture_output=True, text=True, env=env, timeout=120)
    assert usage.returncode == 2


def test_activity_files_are_validated_too(capsys):
    from swedu.activities.loader import DATA_DIR

    good = DATA_DIR / "intervention-functions.yaml"
    broken = Path(__file__).parent / "broken-activities" / "comma-in-text.yaml"
    expected = next(line for line in broken.read_text(encoding="utf-8").splitlines() if line.startswith("# expect:"))
    line = expected.split("line ", 1)[1].split(":", 1)[0]
    code, out = run(capsys, "validate", str(good), str(broken), str(GOOD))
    assert code == 1
    assert f"OK: {good} (" in out and "activity of kind sorter" in out
    assert f"OK: {GOOD} (Mrs Wati's debts" in out
    assert f"{broken}, line {line}, column " in out
    code, out = run(capsys, "--lang", "id", "validate", str(good))
    assert code == 0 and "aktivitas jenis sorter" in out
