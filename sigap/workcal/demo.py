from sigap.core.demo import DemoContext


def seed(ctx: DemoContext) -> None:
    return None
