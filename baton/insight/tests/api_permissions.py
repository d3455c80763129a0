"""The insight app's rows of the API permission matrix: the insight bank's (`api_permissions_bank`)."""

from .api_permissions_bank import OPS, prepare_bank

__all__ = ["OPS", "prepare"]


def prepare(w) -> None:
    prepare_bank(w)
