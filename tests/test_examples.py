"""Every example runs, in a quick setting, so none can rot, and warns of nothing."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = sorted((Path(__file__).parents[1] / "examples").glob("*.py"))
# What TensorFlow's C++ code writes at import, before any setting is read (the
# getting-started page says so): everything else on stderr is noise for a user.
TF_STARTUP = re.compile(r"WARNING: All log messages before absl|[IWE]\d{4} ")


@pytest.mark.slow
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_runs(path, tmp_path):
    env = {**os.environ, "SKLTSM_QUICK": "1", "TF_CPP_MIN_LOG_LEVEL": "3"}
    result = subprocess.run(
        [sys.executable, str(path)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    noise = [line for line in result.stderr.splitlines() if not TF_STARTUP.match(line)]
    assert not noise, "\n".join(noise[:20])
