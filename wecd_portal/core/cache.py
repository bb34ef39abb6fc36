"""The shared cache, which never takes a page down with it.

``FailSafeRedisCache`` is Django's Redis cache that, when Redis does not answer,
serves from this process's memory for ``FALLBACK_SECONDS`` before trying Redis again
(a circuit breaker: a hung Redis costs one timeout, not one per call). What the cache
holds here is worth keeping, not worth a 500: allauth's rate limits (sign-in, sign-up,
password reset) go on counting, per process, while Redis is down; a used TOTP code is
remembered by the process that saw it.
"""

import logging
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

FALLBACK_SECONDS = 30

_DELEGATED = (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "has_key",
    "incr",
    "decr",
    "set_many",
    "delete_many",
    "clear",
)


class FailSafeRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._fallback = LocMemCache(f"fail-safe-{id(self)}", {"OPTIONS": {"MAX_ENTRIES": 10_000}})
        self._redis_down_until = 0.0

    def _call(self, name, *args, **kwargs):
        if time.monotonic() >= self._redis_down_until:
            try:
                return getattr(super(), name)(*args, **kwargs)
            except RedisError as error:
                self._redis_down_until = time.monotonic() + FALLBACK_SECONDS
                logger.warning(
                    "cache: Redis does not answer (%s); this process's memory for %s s",
                    error,
                    FALLBACK_SECONDS,
                )
        return getattr(self._fallback, name)(*args, **kwargs)


def _delegate(name):
    def method(self, *args, **kwargs):
        return self._call(name, *args, **kwargs)

    method.__name__ = name
    return method


for _name in _DELEGATED:
    setattr(FailSafeRedisCache, _name, _delegate(_name))
