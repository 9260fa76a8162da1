from sigap.core.demo import DemoContext


def seed(ctx: DemoContext) -> None:  # placeholder until the ASN demo population lands
    return None
