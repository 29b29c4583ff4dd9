from plone.app.layout.viewlets import ViewletBase

from atvidaberg.etjanster.login import providers


class TestModeBanner(ViewletBase):
    """Nobody should mistake the simulators for real e-legitimation."""

    def update(self):
        super().update()
        self.test_mode = bool(providers.setting("test_mode"))
        self.simulator_url = providers.setting("simulator_url")

    def render(self):
        return self.index() if self.test_mode else ""
