"""The eligibility rules engine: rules registered by stable code, run by a service."""
