"""Alembic environment: runs migrations against the URL set by ``bot.store.db.upgrade``."""

from alembic import context
from sqlalchemy import engine_from_config, pool

from bot.store.models import Base

config = context.config
with engine_from_config(
    config.get_section(config.config_ini_section) or {}, prefix="sqlalchemy.", poolclass=pool.NullPool
).connect() as connection:
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
