"""The rule modules `make mutants` mutates: name → the source file and the tests that cover it.

mutmut runs, for each mutant, only those of these tests that executed the mutated function
(it records which during a first clean run), so a test list may be generous; it must pass on
its own, with `--no-migrations` (tests/mutation/run.py). Add a module here when a rule module
lands (the API's permissions, the identity claim mapping, anonymisation and export), with the
behaviour tests that pin it, and record its figures in docs/testing.md.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Module:
    source: str
    tests: tuple[str, ...]


MODULES: dict[str, Module] = {
    "accounts.permissions": Module(
        "accounts/permissions.py",
        (
            "tests/manage",
            "tests/accounts/test_protected_accounts.py",
            "tests/accounts/test_invitations.py",
            "tests/core/test_header_cache.py",
            "tests/api/test_accounts_api.py",
            "tests/api/test_people_api.py",
            "tests/accounts/test_teams.py",
            "tests/core/test_my_team.py",
            "tests/accounts/test_privacy_requests_right.py",
            "tests/accounts/test_my_rights.py",
        ),
    ),
    "accounts.backends": Module(
        "accounts/backends.py",
        (
            "tests/accounts/test_rights_sources_rules.py",
            "tests/accounts/test_rights_cache.py",
            "tests/training/test_instructor_rights.py",
        ),
    ),
    "complaints.permissions": Module(
        "complaints/permissions.py",
        (
            "tests/complaints/test_handling_rules.py",
            "tests/complaints/test_views.py",
            "tests/complaints/test_submitter_edit.py",
            "tests/complaints/test_update_panel.py",
            "tests/complaints/test_saved_replies.py",
            "tests/complaints/test_saved_filters.py",
            "tests/complaints/test_concerns.py",
            "tests/complaints/test_concern_anonymity.py",
            "tests/api/test_complaints_update_api.py",
            "tests/complaints/test_confidential.py",
            "tests/complaints/test_delegated_handlers.py",
        ),
    ),
    "content.permissions": Module(
        "content/permissions.py",
        (
            "tests/content/test_manage_links.py",
            "tests/content/test_acknowledgements.py",
            "tests/content/test_announcements.py",
            "tests/content/test_documents.py",
            "tests/content/test_publishing.py",
            "tests/content/test_comments_reactions.py",
        ),
    ),
    "complaints.concerns.permissions": Module(
        "complaints/concerns/permissions.py",
        (
            "tests/complaints/test_concerns.py",
            "tests/complaints/test_concern_anonymity.py",
            "tests/complaints/test_concern_deadlines.py",
            "tests/test_authorization_matrix.py",
        ),
    ),
    "forum.permissions": Module(
        "forum/permissions.py",
        (
            "tests/forum/test_search_pending.py",
            "tests/forum/test_moderation_rights.py",
            "tests/forum/test_moderation.py",
            "tests/forum/test_topics.py",
            "tests/forum/test_likes.py",
            "tests/forum/test_topic_page.py",
            "tests/forum/test_index_and_topic_list.py",
            "tests/forum/test_mentions_subscriptions.py",
            "tests/api/test_forum_api.py",
            "tests/forum/test_deleted_meanwhile.py",
            "tests/forum/test_moderator_actions.py",
        ),
    ),
    # Not listed: intrasphere/permissions.py. Its decorators run when the views are imported,
    # before mutmut switches a mutant on, so mutmut 3 finds no test for any of its mutants;
    # the 403 pages of the authorization matrix (tests/test_authorization_matrix.py) pin them.
    "training.permissions": Module(
        "training/permissions.py",
        (
            "tests/training/test_instructor_rights.py",
            "tests/training/test_registration.py",
            "tests/training/test_quizzes.py",
            "tests/training/test_participants.py",
            "tests/training/test_training_pages.py",
            "tests/training/test_viewer_state.py",
            "tests/training/test_catalog_page.py",
            "tests/training/test_courses.py",
            "tests/training/test_grading.py",
            "tests/api/test_training_api.py",
            "tests/training/test_refusal_messages.py",
        ),
    ),
    "intrasphere.uploads": Module(
        "intrasphere/uploads.py",
        # Not tests/security/test_uploads.py: its hostile files on every upload form take over a
        # minute, run for each mutant of validate_upload; the kinds and bombs tests pin each rule.
        # Nor test_upload_memory.py: its cases take seconds each, and a peak RSS measured in
        # mutmut's forked child would also count the pages it copies from its parent.
        (
            "tests/content/test_upload_kinds.py",
            "tests/content/test_documents.py",
            "tests/security/test_upload_bombs.py",
        ),
    ),
    "intrasphere.markdown": Module(
        "intrasphere/markdown.py",
        ("tests/core/test_markdown_rules.py", "tests/security/test_markdown_bounds.py"),
    ),
    # The compliance computation: audiences, deadlines and the five states (issue #23).
    "training.compliance": Module(
        "training/selectors/compliance.py",
        (
            "tests/training/test_mandatory_audience.py",
            "tests/training/test_audience_entry.py",
            "tests/training/test_compliance_rules.py",
            "tests/training/test_compliance.py",
            "tests/training/test_certificates.py",
            "tests/training/test_participants.py",
        ),
    ),
    # The middleware, one module per concern (intrasphere/middleware/__init__.py).
    "intrasphere.middleware.request_log": Module(
        "intrasphere/middleware/request_log.py",
        (
            "tests/core/test_request_logging.py",
            "tests/complaints/test_concern_anonymity.py",
        ),
    ),
    "intrasphere.middleware.probes": Module(
        "intrasphere/middleware/probes.py", ("tests/core/test_ops_endpoints.py",)
    ),
    "intrasphere.middleware.query_string": Module(
        "intrasphere/middleware/query_string.py", ("tests/core/test_query_string_nul.py",)
    ),
    "intrasphere.middleware.cache_control": Module(
        "intrasphere/middleware/cache_control.py", ("tests/security/test_cache_control.py",)
    ),
    # The general POST limit.
    "intrasphere.middleware.post_limit": Module(
        "intrasphere/middleware/post_limit.py",
        (
            "tests/security/test_post_limit.py",
            "tests/security/test_rate_limit_methods.py",
            "tests/security/test_rate_limits.py",
        ),
    ),
    # Added with issue 28's last round (docs/testing.md, "Figures": which are measured).
    # The sign-in limits (failed attempts per account and per address; pages and API).
    "accounts.signin_limits": Module(
        "accounts/signin_limits.py",
        (
            "tests/accounts/test_signin_limits.py",
            "tests/accounts/test_login.py",
            "tests/api/test_auth_api.py",
            "tests/security/test_redis_down.py",
            "tests/accounts/test_invitations.py",
        ),
    ),
    # The API's limits per token / user / address.
    "intrasphere.api.throttles": Module(
        "intrasphere/api/throttles.py", ("tests/api/test_limits.py",)
    ),
    # The API's permissions (token scope, administrators, global rights); the finer rules are
    # the apps' permissions.py above.
    "intrasphere.api.permissions": Module(
        "intrasphere/api/permissions.py",
        # Not tests/api/test_matrix.py: TokenScope runs in every API call, so the whole matrix
        # would run for each of its mutants (~1 min each); these two pin every line.
        ("tests/api/test_tokens.py", "tests/api/test_accounts_api.py"),
    ),
    # The identity claim mapping (OpenID Connect claims and directory entries → the account).
    # Measured: docs/testing.md, "Figures" (its LDAP tests need slapd: `make directory-server`).
    "accounts.services_identity": Module(
        "accounts/services_identity.py",
        (
            "tests/accounts/test_oidc.py",
            "tests/accounts/test_ldap.py",
            "tests/accounts/test_ldap_managers.py",
            "tests/accounts/test_directory.py",
            "tests/accounts/test_claim_mapping.py",
        ),
    ),
    # Personal data: anonymisation, and the export.
    "accounts.privacy": Module(
        "accounts/services_privacy.py",
        (
            "tests/accounts/test_anonymisation.py",
            "tests/manage/test_anonymise.py",
            "tests/accounts/test_admin_delete.py",
            "tests/accounts/test_export.py",
            "tests/accounts/test_privacy_requests_right.py",
            "tests/core/test_retention.py",
        ),
    ),
    "intrasphere.privacy": Module(
        "intrasphere/privacy.py",
        (
            "tests/accounts/test_export.py",
            "tests/accounts/test_anonymisation.py",
            "tests/accounts/test_export_content.py",
            "tests/core/test_privacy_policy.py",
            "tests/core/test_privacy_record.py",
            "tests/core/test_privacy_anonymisation_rules.py",
            "tests/core/test_privacy_many_to_many.py",
            "tests/manage/test_anonymise.py",
            "tests/accounts/test_admin_delete.py",
        ),
    ),
}
