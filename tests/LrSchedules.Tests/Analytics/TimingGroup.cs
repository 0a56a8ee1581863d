using Xunit;

namespace LrSchedules.Tests.Analytics;

/// <summary>Tests whose duration is asserted: xUnit runs this collection on its own, after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingGroup
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Timing";
}
