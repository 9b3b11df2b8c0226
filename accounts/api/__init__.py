"""The accounts domain's REST API: sign-in, the current person, tokens, people, messages, rights."""
