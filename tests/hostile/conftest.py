"""The permission matrix's world (every model, public, internal and foreign) serves these tests too."""

from tests.test_matrix import matrix_world  # noqa: F401  (fixture)
