using FluentAssertions;
using LrSchedules.Schedules;
using LrSchedules.Torch;
using Xunit;

namespace LrSchedules.Tests.Torch;

/// <summary><c>Step()</c> of a single-group scheduler allocates nothing.</summary>
public sealed class AllocationTests
{
    public static TheoryData<string> Schedulers() => new(Factories.Keys);

    private static readonly Dictionary<string, Func<ITorchScheduler>> Factories = new()
    {
        ["StepLR"] = () => new StepLR(new ParameterGroups(0.1), 3),
        ["MultiStepLR"] = () => new MultiStepLR(new ParameterGroups(0.1), [5, 10, 10]),
        ["ConstantLR"] = () => new ConstantLR(new ParameterGroups(0.1)),
        ["LinearLR"] = () => new LinearLR(new ParameterGroups(0.1)),
        ["ExponentialLR"] = () => new ExponentialLR(new ParameterGroups(0.1), 0.999),
        ["PolynomialLR"] = () => new PolynomialLR(new ParameterGroups(0.1), 100_000, 2),
        ["CosineAnnealingLR"] = () => new CosineAnnealingLR(new ParameterGroups(0.1), 100),
        ["CosineAnnealingWarmRestarts"] = () => new CosineAnnealingWarmRestarts(new ParameterGroups(0.1), 10, 2),
        ["CyclicLR"] = () => new CyclicLR(new ParameterGroups(0.1, 0.9), [0.01], [0.1], 7, null, CyclicMode.ExpRange, 0.999),
        ["OneCycleLR"] = () => new OneCycleLR(new ParameterGroups(0.1, 0.9), [0.1], totalSteps: 100_000),
        ["LambdaLR"] = () => new LambdaLR(new ParameterGroups(0.1), e => 1.0 / (1 + e)),
        ["MultiplicativeLR"] = () => new MultiplicativeLR(new ParameterGroups(0.1), _ => 0.999),
        ["SequentialLR"] = () =>
        {
            var g = new ParameterGroups(0.1);
            return new SequentialLR(g, [new LinearLR(g, 0.1, 1, 10), new CosineAnnealingLR(g, 100)], [10]);
        },
        ["ChainedScheduler"] = () =>
        {
            var g = new ParameterGroups(0.1);
            return new ChainedScheduler(g, [new ConstantLR(g, 0.5, 3), new ExponentialLR(g, 0.999)]);
        },
        ["ReduceLROnPlateau"] = () => new ReduceLROnPlateau(new ParameterGroups(0.1), patience: 2),
    };

    [Theory]
    [MemberData(nameof(Schedulers))]
    public void Step_allocates_nothing(string name)
    {
        var scheduler = Factories[name]();
        StepMany(scheduler, 100);
        long before = GC.GetAllocatedBytesForCurrentThread();
        StepMany(scheduler, 1000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        allocated.Should().Be(0, "{0}.Step() must not allocate", name);
    }

    private static void StepMany(ITorchScheduler scheduler, int count)
    {
        for (int i = 0; i < count; i++)
        {
            if (scheduler is ReduceLROnPlateau plateau)
            {
                plateau.Step(1.0 + (i % 7));
            }
            else
            {
                ((LRScheduler)scheduler).Step();
            }
        }
    }
}
