using FluentAssertions;
using LrSchedules.Torch;
using Xunit;

namespace LrSchedules.Tests.Torch;

/// <summary>
/// What random access skips: <see cref="LRScheduler.IdentitySteps"/> must count exactly the next steps that leave the
/// learning rate unchanged (more would skip a change; fewer would replay steps a jump could pass over, which is what
/// keeps <c>lrs eval --start 1000000000</c> of a path-independent class under a second), each scheduler checked at every
/// epoch of its first 40 against stepping a twin.
/// </summary>
public sealed class IdentityStepsTests
{
    private const long Limit = 1000;

    public static TheoryData<string> Schedulers => new()
    {
        "StepLR", "StepLR step_size 1", "MultiStepLR", "ConstantLR", "ConstantLR total_iters 0", "LinearLR", "PolynomialLR",
        "ExponentialLR", "ExponentialLR gamma 1",
    };

    private static LRScheduler Create(string name, ParameterGroups g) => name switch
    {
        "StepLR" => new StepLR(g, 3, 0.5),
        "StepLR step_size 1" => new StepLR(g, 1, 0.5),
        "MultiStepLR" => new MultiStepLR(g, [2, 5, 5, 9, 30], 0.5),
        "ConstantLR" => new ConstantLR(g, 0.5, 4),
        "ConstantLR total_iters 0" => new ConstantLR(g, 0.5, 0),
        "LinearLR" => new LinearLR(g, 0.5, 1, 7),
        "PolynomialLR" => new PolynomialLR(g, 6, 2),
        "ExponentialLR" => new ExponentialLR(g, 0.5),
        _ => new ExponentialLR(g, 1),
    };

    [Theory]
    [MemberData(nameof(Schedulers))]
    public void Identity_steps_are_exactly_the_steps_before_the_next_change(string name)
    {
        var g = new ParameterGroups(0.1);
        var scheduler = Create(name, g);
        for (int epoch = 0; epoch < 40; epoch++)
        {
            long identity = scheduler.IdentitySteps(Limit);
            identity.Should().BeInRange(0, Limit, "{0} at last_epoch {1}", name, epoch);
            scheduler.IdentitySteps(2).Should().Be(Math.Min(2, identity), "{0} at last_epoch {1}: the count is capped by the limit", name, epoch);

            // A twin stepped to the same epoch, then through the counted steps and the one after.
            var h = new ParameterGroups(0.1);
            var twin = Create(name, h);
            for (int k = 0; k < epoch; k++)
            {
                twin.Step();
            }

            double lr = h.GetLearningRate(0);
            long through = Math.Min(identity, 60);
            for (long k = 1; k <= through; k++)
            {
                twin.Step();
                h.GetLearningRate(0).Should().Be(lr, "{0} at last_epoch {1} reports {2} identity steps; step {3} of them changed the rate", name, epoch, identity, k);
            }

            if (identity < Limit)
            {
                twin.Step();
                h.GetLearningRate(0).Should().NotBe(lr, "{0} at last_epoch {1} reports {2} identity steps, but the step after them changes nothing", name, epoch, identity);
            }

            scheduler.Step();
        }
    }

    [Fact]
    public void Path_independent_classes_skip_any_number_of_steps_but_the_last_of_a_cycle_and_fractional_restarts()
    {
        // OneCycleLR: every step up to total_steps - 1 (the step after the skipped ones is at most that).
        var one = new OneCycleLR(new ParameterGroups(0.1), [0.1], totalSteps: 20, cycleMomentum: false);
        for (long e = 0; e < 19; e++)
        {
            one.SkippableSteps(Limit).Should().Be(Math.Max(0, 18 - e), "OneCycleLR at last_epoch {0}", e);
            one.SkippableSteps(3).Should().Be(Math.Min(3, Math.Max(0, 18 - e)));
            one.Step();
        }

        // CyclicLR: with a built-in scale function any number; a custom one may depend on the path it is called along.
        var builtIn = new CyclicLR(new ParameterGroups(0.1), [0.01], [0.1], stepSizeUp: 5, cycleMomentum: false);
        var custom = new CyclicLR(new ParameterGroups(0.1), [0.01], [0.1], stepSizeUp: 5, scaleFn: x => 1 / x, cycleMomentum: false);
        builtIn.SkippableSteps(Limit).Should().Be(Limit);
        custom.SkippableSteps(Limit).Should().Be(0);

        // CosineAnnealingWarmRestarts: while T_cur is a whole number.
        var restarts = new CosineAnnealingWarmRestarts(new ParameterGroups(0.1), 10);
        restarts.SkippableSteps(Limit).Should().Be(Limit);
        restarts.Step(2.5);
        restarts.SkippableSteps(Limit).Should().Be(0, "T_cur 2.5 would round differently over many additions of 1");
        restarts.Step(3);
        restarts.SkippableSteps(Limit).Should().Be(Limit);

        // SWALR: once the previous step's alpha is 1, from last_epoch anneal_epochs on (1 with anneal_epochs 0).
        foreach (var (anneal, from) in new[] { (3L, 3L), (1L, 1L), (0L, 1L) })
        {
            var g = new ParameterGroups(0.1);
            var swa = new SWALR(g, [0.05], anneal);
            for (long e = 0; e < 8; e++)
            {
                swa.SkippableSteps(Limit).Should().Be(e >= from ? Limit : 0, "SWALR(anneal_epochs {0}) at last_epoch {1}", anneal, e);
                swa.Step();
                if (e >= from)
                {
                    g.GetLearningRate(0).Should().Be(0.05, "a skippable step sets swa_lr");
                }
            }
        }
    }
}
