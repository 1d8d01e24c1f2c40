import os
import subprocess
import sys

import pytest

from vanort import config

pytestmark = pytest.mark.engine_independent


def test_development_defaults_need_nothing():
    values = config.load({})
    assert values["VANORT_ENV"] == "development"
    assert values["DATABASE_URL"].startswith("sqlite:///")
    assert values["VANORT_TASKS"] == "immediate"


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"VANORT_ENV": "production", "VANORT_ALLOWED_HOSTS": "x.se"}, "VANORT_SECRET_KEY"),
        ({"VANORT_ENV": "production", "VANORT_SECRET_KEY": "k" * 40}, "VANORT_ALLOWED_HOSTS"),
        ({"VANORT_ENV": "staging"}, "VANORT_ENV"),
        ({"VANORT_SESSION_AGE": "soon"}, "VANORT_SESSION_AGE"),
        ({"VANORT_DEBUG": "perhaps"}, "VANORT_DEBUG"),
    ],
)
def test_bad_configuration_names_the_variable(environ, message):
    with pytest.raises(config.ConfigError, match=message):
        config.load(environ)


def test_production_with_required_values_loads():
    values = config.load({"VANORT_ENV": "production", "VANORT_SECRET_KEY": "k" * 40, "VANORT_ALLOWED_HOSTS": "a.se,b.se"})
    assert values["VANORT_ALLOWED_HOSTS"] == ["a.se", "b.se"]


def test_every_variable_is_documented_in_env_example():
    example = (config.BASE_DIR / ".env.example").read_text()
    for var in config.VARIABLES:
        assert var.name in example, var.name


def test_production_refuses_to_start_without_secret(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VANORT_", "DJANGO_"))}
    env.update({"VANORT_ENV": "production", "VANORT_ALLOWED_HOSTS": "x.se", "VANORT_DATA_DIR": str(tmp_path)})
    result = subprocess.run([sys.executable, "-m", "vanort.cli", "check"], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "VANORT_SECRET_KEY" in result.stderr
    assert "Traceback" not in result.stderr
