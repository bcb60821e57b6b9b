"""pytest configuration: the helpers module beside this file is importable from every test folder."""

from hypothesis import HealthCheck, settings

# Property tests judge results, not the machine's speed: a busy CI machine must not fail them for slow draws.
settings.register_profile("crmreport", suppress_health_check=[HealthCheck.too_slow], deadline=None)
settings.load_profile("crmreport")
