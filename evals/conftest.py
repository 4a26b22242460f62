"""The evaluation tiers use the same isolated environment and index as the unit tests."""

from tests.conftest import isolated_env, shared_cache, store  # noqa: F401
