"""Extension objects only; create_app() binds them, so nothing imports in circles."""

from flask_babel import Babel
from flask_limiter import Limiter
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_smorest import Api as SmorestApi
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from app.api.errors import ErrorSchema
from app.orm import Base
from app.security import client_address


class Api(SmorestApi):
    """flask-smorest without its app-wide error handler: the site's pages keep theirs; the
    API's errors are app/api/errors.py's."""

    ERROR_SCHEMA = ErrorSchema

    def _register_error_handlers(self):
        return None


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=client_address, default_limits=[])
api = Api()
