"""The people app's rows of the API permission matrix: taking part's (and, merged, the register's)."""

from .api_permissions_taking_part import OPS, prepare  # noqa: F401
