"""Liveness and fair scheduling: a heartbeat and an owner per extraction job, the time each run was
last served (round-robin over runs), what each run has consumed of its budget, and a lease table so
that one sweeper at a time re-sends lost work (docs/service.md, "Liveness" and "Fairness").

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 12:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('heartbeat_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('worker', sa.String(length=200), nullable=True))
        batch_op.create_index('ix_jobs_status', ['status'], unique=False)
    with op.batch_alter_table('runs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_claim_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('pages_read', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('ocr_seconds', sa.Float(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('budget_exceeded', sa.String(length=200), nullable=True))
        batch_op.create_index('ix_runs_status', ['status'], unique=False)
    op.create_table('leases',
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('owner', sa.String(length=200), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('name')
    )


def downgrade() -> None:
    op.drop_table('leases')
    with op.batch_alter_table('runs', schema=None) as batch_op:
        batch_op.drop_index('ix_runs_status')
        batch_op.drop_column('budget_exceeded')
        batch_op.drop_column('ocr_seconds')
        batch_op.drop_column('pages_read')
        batch_op.drop_column('last_claim_at')
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.drop_index('ix_jobs_status')
        batch_op.drop_column('worker')
        batch_op.drop_column('heartbeat_at')
