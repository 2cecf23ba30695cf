"""The HTTP API: ``create_app(store, tokens)`` builds it, ``serve(...)`` runs it."""

from gongjian.api.app import create_app

__all__ = ["create_app"]
