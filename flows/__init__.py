"""Prefect flows: thin orchestration over the newsmon steps and the store."""
