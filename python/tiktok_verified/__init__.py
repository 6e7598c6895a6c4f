"""Plain-Python core of tiktok_verified.

Nothing in this package imports dbt: the dbt Python models are thin wrappers that pass DuckDB
relations and config values to the functions here, so every piece can be tested with pytest alone.
"""
