using Xunit;

// The tests train with libtorch, whose thread pool and settings are process-wide: run one test at a time, so that every
// run does the same floating-point operations as the run it is compared with.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
