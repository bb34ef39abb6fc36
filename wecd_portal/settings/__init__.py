"""Settings flavours: base (shared), local (embedded default), test, production."""
