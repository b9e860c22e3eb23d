"""The operator's commands refuse what the API would refuse, before touching the database."""
import pytest

from identity import manage


@pytest.mark.parametrize("email", ["notanemail", "two@@signs.example.org", ""])
def test_create_staff_refuses_an_address_that_is_not_one(email, capsys):
    with pytest.raises(SystemExit) as exit_:
        manage.main(["create-staff", "--email", email, "--role", "css_staff"])
    assert exit_.value.code == 2 and "not an email address" in capsys.readouterr().err


@pytest.mark.parametrize("password", ["short", "aaaaaaaaaaaa", "1234567890"])
def test_create_staff_refuses_a_password_the_api_would_refuse(password, capsys, monkeypatch):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    with pytest.raises(SystemExit) as exit_:
        manage.main(["create-staff", "--email", "officer@nso.example.org", "--role", "css_staff", "--password-stdin"])
    assert "error:" in str(exit_.value.code)
