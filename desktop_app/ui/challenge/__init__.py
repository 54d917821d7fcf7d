"""Peer challenge in the app: challenging a peer's bundle, answering a challenge, the trio view."""
