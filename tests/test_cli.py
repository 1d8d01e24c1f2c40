import io

import pytest
from django.core.management import CommandError, call_command

from vanort import cli
from vanort.accounts.models import User
from vanort.core.roles import Role

pytestmark = pytest.mark.engine_independent


def test_help_lists_operator_commands(capsys):
    cli.main(["vanort", "--help"])
    out = capsys.readouterr().out
    for name in ("serve", "createuser", "checkconfig", "loaddemo", "migrate"):
        assert name in out


def test_hyphenated_command_names_work(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["vanort", "check-config", "--help"])
    assert exit_info.value.code == 0
    assert "configuration" in capsys.readouterr().out


@pytest.mark.smoke
def test_createuser_creates_a_user_with_role(world, monkeypatch, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    monkeypatch.setenv("VANORT_PASSWORD", "a-long-Secret-passphrase-9")
    call_command("createuser", "newcoord", organisation="Internationella funktionen", role="coordinator")
    user = User.objects.get(username="newcoord")
    assert user.role == Role.COORDINATOR
    assert user.municipality == world.home
    assert user.check_password("a-long-Secret-passphrase-9")
    assert user.password.startswith("argon2")


@pytest.mark.parametrize(
    ("kwargs", "password", "fragment"),
    [
        ({"organisation": "No such org", "role": "coordinator"}, "a-long-Secret-passphrase-9", "--organisation"),
        ({"organisation": "Internationella funktionen", "role": "coordinator"}, "123", "password"),
    ],
)
def test_createuser_rejects_bad_input_and_saves_nothing(world, monkeypatch, kwargs, password, fragment):
    monkeypatch.setenv("VANORT_PASSWORD", password)
    before = User.objects.count()
    with pytest.raises(CommandError, match=fragment):
        call_command("createuser", "someone", **kwargs)
    assert User.objects.count() == before


def test_createuser_refuses_duplicate_username(world, monkeypatch):
    monkeypatch.setenv("VANORT_PASSWORD", "a-long-Secret-passphrase-9")
    with pytest.raises(CommandError, match="username"):
        call_command("createuser", "coordinator", organisation="Internationella funktionen", role="coordinator")


def test_checkconfig_reports_and_hides_secrets(db, capsys):
    call_command("checkconfig")
    out = capsys.readouterr().out
    assert "DATABASE_URL" in out
    assert "Configuration OK" in out
    assert "django-insecure" not in out


def test_serve_rejects_bad_port(db):
    with pytest.raises(CommandError, match="--port"):
        call_command("serve", port=70000, no_serve=True)


@pytest.mark.django_db(transaction=True)
def test_serve_demo_prints_the_address_it_will_serve_on():
    out = io.StringIO()
    call_command("serve", port=8123, demo=True, no_serve=True, stdout=out)
    assert "Open http://127.0.0.1:8123/ and log in as one of them." in out.getvalue()
