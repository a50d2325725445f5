"""Behind nginx (TRUSTED_PROXIES=1) the app sees the client's address and scheme."""


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
