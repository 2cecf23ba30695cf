"""The HTTP API: ``create_app(store, tokens)`` builds it, ``serve(...)`` runs it."""

from gongjian.api.app import create_app
from gongjian.api.serve import serve

__all__ = ["create_app", "serve"]
