"""The consultations' contributions to the hub (core.registry), registered from
ConsultationsConfig.ready()."""
