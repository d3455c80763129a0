"""The public pages' share of the test world: an organisation's page and a published programme."""


def contribute(world) -> None:
    org = world.personas.org
    world.route("public:organisation", slug=org.public_slug)
    cycle = world.of.get("cycle")
    if cycle is not None:
        world.route("public:programme", slug=org.public_slug, pk=cycle.programme.pk)
