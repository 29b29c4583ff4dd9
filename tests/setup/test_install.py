PACKAGE = "atvidaberg.etjanster"


def test_addon_installed(installer):
    assert installer.is_product_installed(PACKAGE) is True


def test_browserlayer(browser_layers):
    from atvidaberg.etjanster.interfaces import IBrowserLayer

    assert IBrowserLayer in browser_layers
