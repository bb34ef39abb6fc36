from .calls import Call

__all__ = ["Call"]
