"""Core demo data: the demo users are created by ``create_demo_users``; nothing else yet."""


def load(stdout):
    pass
