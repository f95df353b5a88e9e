"""No URLs: the benchmarks use the engine and the command line only."""

urlpatterns = []
