"""Running in production: behind nginx (TRUSTED_PROXIES), and with the database unreachable."""


def test_behind_one_proxy_the_client_address_comes_from_x_forwarded_for(app_config):
    from app import create_app

    app = create_app({**app_config, "TRUSTED_PROXIES": 1})
    seen = {}

    @app.route("/_ip")
    def _ip():
        from flask import request

        seen["ip"], seen["scheme"] = request.remote_addr, request.scheme
        return "ok"

    _ip.access = frozenset({"anonymous"})
    app.test_client().get(
        "/_ip", headers={"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"}
    )
    assert seen == {"ip": "203.0.113.7", "scheme": "https"}


def test_error_page_renders_when_the_database_is_unreachable(app_config, tmp_path):
    from app import create_app

    broken = {**app_config, "SQLALCHEMY_DATABASE_URI": "sqlite:///" + str(tmp_path / "no" / "x.db")}
    app = create_app(broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = app.test_client().get("/")
    assert response.status_code == 500
    assert "Something went wrong" in response.get_data(as_text=True)
