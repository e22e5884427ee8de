"""The `verifier` console command."""
