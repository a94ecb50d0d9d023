"""The reference data: every name the project knows (States, organizations, instruments, word lists) from kg/data."""
