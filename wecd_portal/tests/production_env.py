"""The variables a production host sets, with safe fake values: the settings tests
and the deploy-unit tests start the production settings with them."""

PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "pR0d-" + "x7Kq2vLm9Zt4Wb8Nc1Rf6Yh3Jd5Gs0Ua" * 2,
    "DJANGO_ALLOWED_HOSTS": "vouchers.wallonie-design.example",
    "DATABASE_URL": "postgres://wecd:secret@db.internal:5432/wecd",
    "REDIS_URL": "redis://redis.internal:6379/0",
    "EMAIL_URL": "smtp+tls://portal:secret@smtp.internal:587",
    "DEFAULT_FROM_EMAIL": "Wallonie Design <cheques@wallonie-design.example.be>",
    "WECD_CLAMD_URL": "tcp://clamav.internal:3310",
    "DJANGO_TRUSTED_PROXY_COUNT": "1",
}
