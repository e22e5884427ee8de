"""The appraisal workflow: units as records, named accounts and server-side sessions, counted
authentication failures, dossier status and deadlines, replies, appraisal rounds with the previous
value, stored run totals, audit entries with their province and signed checkpoints.

Existing data is carried over: every unit named by a submission or a unit token becomes a unit
record (exact name, per province), submissions and tokens point at it, runs get their totals from
their stored reports, and submissions already appraised are "in appraisal (round 1)".

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30 08:10:28.998401
"""

from __future__ import annotations

import json
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_checkpoints',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('signature', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('auth_failures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hour', sa.String(length=16), nullable=False),
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('reason', sa.String(length=32), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('hour', 'source', 'reason')
    )
    with op.batch_alter_table('auth_failures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_auth_failures_hour'), ['hour'], unique=False)

    op.create_table('units',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('province', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('name_key', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('province', 'name')
    )
    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_units_name_key'), ['name_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_units_province'), ['province'], unique=False)

    op.create_table('accounts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('display_name', sa.String(length=200), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('province', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=200), nullable=False),
    sa.Column('disabled_at', sa.DateTime(), nullable=True),
    sa.Column('password_changed_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('username')
    )
    op.create_table('deadlines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('province', sa.String(length=64), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('phase', sa.String(length=16), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('due_at', sa.DateTime(), nullable=False),
    sa.Column('set_by', sa.String(length=200), nullable=False),
    sa.Column('set_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('deadlines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deadlines_province'), ['province'], unique=False)

    op.create_table('status_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('submission_id', sa.String(length=32), nullable=False),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('from_status', sa.String(length=24), nullable=False),
    sa.Column('to_status', sa.String(length=24), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('by', sa.String(length=200), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['submission_id'], ['submissions.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('status_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_status_changes_submission_id'), ['submission_id'], unique=False)

    op.create_table('web_sessions',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('csrf', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('web_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_web_sessions_account_id'), ['account_id'], unique=False)

    op.create_table('replies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('submission_id', sa.String(length=32), nullable=False),
    sa.Column('criterion', sa.String(length=32), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('files', sa.Text(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=True),
    sa.Column('author', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['rounds.id'], ),
    sa.ForeignKeyConstraint(['submission_id'], ['submissions.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('replies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_replies_submission_id'), ['submission_id'], unique=False)

    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unit_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('expires_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('created_by', sa.String(length=200), nullable=False, server_default=''))

    if not _sqlite():
        op.create_foreign_key('fk_api_tokens_unit_id', 'api_tokens', 'units', ['unit_id'], ['id'])

    with op.batch_alter_table('appraisals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('appraisal_round', sa.Integer(), nullable=False, server_default='1'))
        batch_op.add_column(sa.Column('previous_score', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('previous_opinion', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('source', sa.String(length=16), nullable=False, server_default='entered'))

    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('province', sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f('ix_audit_log_province'), ['province'], unique=False)

    with op.batch_alter_table('rounds', schema=None) as batch_op:
        batch_op.add_column(sa.Column('appraisal_round', sa.Integer(), nullable=False, server_default='1'))

    with op.batch_alter_table('runs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('total_max', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('total_self', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('total_suggested', sa.String(length=32), nullable=True))

    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unit_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('status', sa.String(length=24), nullable=False, server_default='draft'))
        batch_op.create_index(batch_op.f('ix_submissions_unit_id'), ['unit_id'], unique=False)

    if not _sqlite():
        op.create_foreign_key('fk_submissions_unit_id', 'submissions', 'units', ['unit_id'], ['id'])

    _carry_over()


def downgrade() -> None:
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        if not _sqlite():
            batch_op.drop_constraint('fk_submissions_unit_id', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_submissions_unit_id'))
        batch_op.drop_column('status')
        batch_op.drop_column('unit_id')

    with op.batch_alter_table('runs', schema=None) as batch_op:
        batch_op.drop_column('total_suggested')
        batch_op.drop_column('total_self')
        batch_op.drop_column('total_max')

    with op.batch_alter_table('rounds', schema=None) as batch_op:
        batch_op.drop_column('appraisal_round')

    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_province'))
        batch_op.drop_column('province')

    with op.batch_alter_table('appraisals', schema=None) as batch_op:
        batch_op.drop_column('source')
        batch_op.drop_column('previous_opinion')
        batch_op.drop_column('previous_score')
        batch_op.drop_column('appraisal_round')

    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        if not _sqlite():
            batch_op.drop_constraint('fk_api_tokens_unit_id', type_='foreignkey')
        batch_op.drop_column('created_by')
        batch_op.drop_column('expires_at')
        batch_op.drop_column('unit_id')

    with op.batch_alter_table('replies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_replies_submission_id'))

    op.drop_table('replies')
    with op.batch_alter_table('web_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_web_sessions_account_id'))

    op.drop_table('web_sessions')
    with op.batch_alter_table('status_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_status_changes_submission_id'))

    op.drop_table('status_changes')
    with op.batch_alter_table('deadlines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deadlines_province'))

    op.drop_table('deadlines')
    op.drop_table('accounts')
    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_units_province'))
        batch_op.drop_index(batch_op.f('ix_units_name_key'))

    op.drop_table('units')
    with op.batch_alter_table('auth_failures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_auth_failures_hour'))

    op.drop_table('auth_failures')
    op.drop_table('audit_checkpoints')


def _sqlite() -> bool:
    # SQLite adds a column with ALTER TABLE, but a foreign key on an existing table would make Alembic
    # rebuild the table, which the other tables' foreign keys forbid (PRAGMA foreign_keys=ON). The
    # model declares the key; on SQLite the new column goes without it.
    return bool(op.get_bind().dialect.name == "sqlite")


def _fold(text: str) -> str:
    # Kept here rather than imported: a migration must not change when the application code does.
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.replace("đ", "d").replace("Đ", "D").lower().split())


def _carry_over() -> None:
    conn = op.get_bind()
    units = sa.table("units", sa.column("id", sa.Integer), sa.column("province", sa.String),
                     sa.column("name", sa.String), sa.column("name_key", sa.String),
                     sa.column("created_at", sa.DateTime), sa.column("created_by", sa.String))
    subs = sa.table("submissions", sa.column("id", sa.String), sa.column("unit", sa.String),
                    sa.column("province", sa.String), sa.column("unit_id", sa.Integer), sa.column("status", sa.String))
    tokens = sa.table("api_tokens", sa.column("id", sa.Integer), sa.column("unit", sa.String),
                      sa.column("province", sa.String), sa.column("unit_id", sa.Integer))
    runs = sa.table("runs", sa.column("id", sa.Integer), sa.column("report", sa.Text),
                    sa.column("total_max", sa.String), sa.column("total_self", sa.String),
                    sa.column("total_suggested", sa.String))
    appraisals = sa.table("appraisals", sa.column("submission_id", sa.String))
    ids: dict[tuple[str, str], int] = {}

    def unit_id(province: str, name: str) -> int:
        key = (province, name)
        if key not in ids:
            conn.execute(units.insert().values(province=province, name=name, name_key=_fold(name),
                                               created_at=sa.func.now(), created_by="migration 0002"))
            ids[key] = conn.execute(sa.select(units.c.id).where(units.c.province == province,
                                                                units.c.name == name)).scalar_one()
        return ids[key]

    for sid, name, province in conn.execute(sa.select(subs.c.id, subs.c.unit, subs.c.province)).all():
        conn.execute(subs.update().where(subs.c.id == sid).values(unit_id=unit_id(province, name)))
    for tid, name, province in conn.execute(sa.select(tokens.c.id, tokens.c.unit, tokens.c.province)
                                            .where(tokens.c.unit.is_not(None))).all():
        conn.execute(tokens.update().where(tokens.c.id == tid).values(unit_id=unit_id(province or "", name)))
    appraised = sa.select(appraisals.c.submission_id)
    conn.execute(subs.update().where(subs.c.id.in_(appraised)).values(status="round1"))
    for rid, report in conn.execute(sa.select(runs.c.id, runs.c.report).where(runs.c.report.is_not(None))).all():
        totals = json.loads(report).get("totals") or {}
        conn.execute(runs.update().where(runs.c.id == rid).values(
            total_max=str(totals.get("max")), total_self=str(totals.get("self")),
            total_suggested=str(totals.get("suggested"))))
