using System.Text.Json.Nodes;
using FluentAssertions;
using LrSchedules.Schedules;
using LrSchedules.Specs;
using LrSchedules.Torch;
using Xunit;

namespace LrSchedules.Tests.Torch;

/// <summary>
/// The exact message of every rejection of the files of Torch/ that no other test read (the string mutants the Stryker.NET
/// run of Torch/ left alive; docs/reliability.md, mutation testing): constructor arguments, saved states that
/// <c>LoadState</c> refuses, steps that would go wrong, and <see cref="TorchSchedule.EvaluateGroups"/> buffers. Next to
/// each rejection with a boundary, the accepted end of it.
/// </summary>
public sealed class TorchMessageTests
{
    /// <summary>2^50, the largest <c>last_epoch</c> the port steps to.</summary>
    private const long MaxEpoch = 1L << 50;

    [Fact]
    public void Parameter_groups_rejections_say_what_is_wrong()
    {
        Rejects<ArgumentException>(() => new ParameterGroups(Array.Empty<double>()), "learningRates must hold at least one group; got none.");
        Rejects<ArgumentException>(() => new ParameterGroups([0.1, 0.2], [0.9]), "momentums must have one entry per group (2); got 1.");
        Rejects<ArgumentException>(() => new ParameterGroups([0.1, 0.2], [0.9, 0.9, 0.9]), "momentums must have one entry per group (2); got 3.");
        var plain = new ParameterGroups(0.1);
        Rejects<NotSupportedException>(() => plain.GetMomentum(0), "These parameter groups have no momentum.");
        Rejects<NotSupportedException>(() => Run(() => plain.SetMomentum(0, 0.9)), "These parameter groups have no momentum.");
    }

    [Fact]
    public void Scheduler_groups_must_be_there_and_hold_learning_rates_in_range()
    {
        Rejects<ArgumentException>(() => new StepLR(new BareGroups(0, 0.1), 3), "groups must hold at least one parameter group; got none.");
        Rejects<ArgumentException>(() => new ReduceLROnPlateau(new BareGroups(0, 0.1)), "groups must hold at least one parameter group; got none.");
        Rejects<ArgumentOutOfRangeException>(() => new StepLR(new ParameterGroups(1e101), 3),
            "groups must hold a finite initial learning rate in [0, 1E+100] in every group; group 0 has 1E+101.");
        FluentActions.Invoking(() => new StepLR(new ParameterGroups(1e100), 3)).Should().NotThrow("an initial learning rate of 1e100 is allowed");
        Rejects<ArgumentOutOfRangeException>(() => new StepLR(new BareGroups(2, double.PositiveInfinity, 0.1), 3),
            "groups must hold a finite learning rate in [0, 1.7976931348623157E+308] in every group; group 0 has +inf.");
        FluentActions.Invoking(() => new StepLR(new BareGroups(2, double.MaxValue, 0.1), 3)).Should().NotThrow("a learning rate of double.MaxValue is allowed");
        Rejects<ArgumentOutOfRangeException>(() => new ReduceLROnPlateau(new BareGroups(1, double.NaN, 0.1)),
            "groups must hold a finite learning rate in [0, 1.7976931348623157E+308] in every group; group 0 has NaN.");
    }

    [Fact]
    public void Resuming_needs_an_initial_learning_rate_in_every_group()
    {
        var groups = new ParameterGroups([0.1, 0.2]);
        groups.SetInitialLearningRate(0, 0.1);
        Rejects<ArgumentException>(() => new StepLR(groups, 3, lastEpoch: 0), "lastEpoch can be >= 0 only when resuming: parameter group 1 has no initial learning rate.");
        FluentActions.Invoking(() => new StepLR(TorchAssert.Resumable(0.1, 0.2), 3, lastEpoch: 0)).Should().NotThrow();
    }

    [Fact]
    public void A_scheduler_at_the_last_epoch_refuses_to_step()
    {
        // Construction steps from 2^50 - 1 to 2^50 (accepted); the next step is refused.
        var scheduler = new StepLR(TorchAssert.Resumable(0.1), 3, lastEpoch: MaxEpoch - 1);
        scheduler.LastEpoch.Should().Be(MaxEpoch);
        Rejects<InvalidOperationException>(() => Run(scheduler.Step), "StepLR is at last_epoch 1125899906842624, the largest this port steps to (2^50); nothing was changed.");

        var plateau = new ReduceLROnPlateau(new ParameterGroups(0.1));
        var state = plateau.SaveState();
        state["last_epoch"] = MaxEpoch - 1;
        plateau.LoadState(state);
        plateau.Step(1.0);
        plateau.LastEpoch.Should().Be(MaxEpoch, "the step from 2^50 - 1 is allowed");
        Rejects<InvalidOperationException>(() => Run(() => plateau.Step(1.0)),
            "ReduceLROnPlateau is at last_epoch 1125899906842624, the largest this port steps to (2^50); nothing was changed.");
    }

    [Fact]
    public void A_step_that_would_overflow_a_learning_rate_is_refused()
    {
        // Group 0 reaches double.MaxValue (finite, allowed); group 1 would reach +inf, so the whole step is refused.
        var scheduler = new MultiplicativeLR(new ParameterGroups([1, 2]), _ => double.MaxValue);
        Rejects<InvalidOperationException>(() => Run(scheduler.Step), "MultiplicativeLR would set parameter group 1's learning rate to +inf at last_epoch 1; nothing was changed.");
        scheduler.Groups.GetLearningRate(1).Should().Be(2);
    }

    [Fact]
    public void Lambda_rejections_say_what_is_wrong()
    {
        Func<long, double> one = _ => 1;
        Rejects<ArgumentException>(() => new LambdaLR(new ParameterGroups(0.1), [one, one]), "lrLambdas must have one function per parameter group (1); got 2.");
        Rejects<ArgumentException>(() => new MultiplicativeLR(new ParameterGroups([0.1, 0.2, 0.3]), [one, one]), "lrLambdas must have one function per parameter group (3); got 2.");
        Rejects<ArgumentNullException>(() => new LambdaLR(new ParameterGroups([0.1, 0.2]), [one, null!]), "lrLambdas must not contain null.");

        Rejects<InvalidOperationException>(() => new LambdaLR(new ParameterGroups(0.1), _ => -1),
            "LambdaLR's factor function returned -1 for last_epoch 0; a factor must be finite and >= 0. Nothing was changed.");
        FluentActions.Invoking(() => new LambdaLR(new ParameterGroups(0.1), _ => 0)).Should().NotThrow("a factor of 0 is allowed");
        FluentActions.Invoking(() => new LambdaLR(new ParameterGroups(0), _ => double.MaxValue)).Should().NotThrow("a factor of double.MaxValue is allowed");
        var multiplicative = new MultiplicativeLR(new ParameterGroups(0.1), _ => double.PositiveInfinity);
        Rejects<InvalidOperationException>(() => Run(multiplicative.Step),
            "MultiplicativeLR's factor function returned +inf for last_epoch 1; a factor must be finite and >= 0. Nothing was changed.");
    }

    [Fact]
    public void Factor_rejections_say_what_PyTorch_does_with_the_factor()
    {
        const string Constant = " (PyTorch multiplies by 1 / factor at total_iters, which 0 or a subnormal factor makes infinite); got ";
        Rejects<ArgumentOutOfRangeException>(() => new ConstantLR(new ParameterGroups(0.1), 0), "factor must be a finite number in [1E-100, 1]" + Constant + "0.");
        Rejects<ArgumentOutOfRangeException>(() => new ConstantLR(new ParameterGroups(0.1), Math.BitDecrement(1e-100)), "factor must be a finite number in [1E-100, 1]" + Constant + "9.999999999999999E-101.");
        Rejects<ArgumentOutOfRangeException>(() => new ConstantLR(new ParameterGroups(0.1), Math.BitIncrement(1.0)), "factor must be a finite number in [1E-100, 1]" + Constant + "1.0000000000000002.");
        FluentActions.Invoking(() => new ConstantLR(new ParameterGroups(0.1), 1e-100)).Should().NotThrow();
        FluentActions.Invoking(() => new ConstantLR(new ParameterGroups(0.1), 1)).Should().NotThrow();

        Rejects<ArgumentOutOfRangeException>(() => new LinearLR(new ParameterGroups(0.1), startFactor: 0),
            "startFactor must be a finite number in [1E-100, 1] (PyTorch: starting multiplicative factor expected to be greater than 0 and less or equal to 1; a subnormal one makes the first step's ratio infinite); got 0.");
        FluentActions.Invoking(() => new LinearLR(new ParameterGroups(0.1), startFactor: 1e-100)).Should().NotThrow();
    }

    [Fact]
    public void Gains_above_1e200_are_rejected_with_what_raises_the_learning_rate()
    {
        Rejects<ArgumentOutOfRangeException>(() => new MultiStepLR(new ParameterGroups(0.1), [5], 1e201),
            "gamma must not raise the learning rate by more than 1e200 (which keeps every value finite with learning rates up to 1e100); gamma^1 (one factor per milestone) is 1E+201.");
        FluentActions.Invoking(() => new MultiStepLR(new ParameterGroups(0.1), [5], 1e200)).Should().NotThrow("a gain of exactly 1e200 is allowed");

        var g = new ParameterGroups(0.1);
        Rejects<ArgumentOutOfRangeException>(() => new ChainedScheduler(g, [new MultiStepLR(g, [5], 1e200), new ConstantLR(g, 0.5)]),
            "schedulers must not raise the learning rate by more than 1e200 (which keeps every value finite with learning rates up to 1e100); "
            + "the product of the children's most (ConstantLR: 1 / factor, a rising LinearLR: end_factor / start_factor, MultiStepLR: gamma^milestones, CosineAnnealingLR: about 4 T_max^2 / pi^2) is 2E+200.");
        var h = new ParameterGroups(0.1);
        FluentActions.Invoking(() => new ChainedScheduler(h, [new MultiStepLR(h, [5], 1e200), new ConstantLR(h, 1)])).Should().NotThrow("a product of exactly 1e200 is allowed");
    }

    [Fact]
    public void Each_class_counts_its_largest_rise_toward_the_1e200_bound()
    {
        // What a chain multiplies: only rises count (a decay's gain is 1).
        var g = new ParameterGroups(0.1);
        new LinearLR(g, 0.001, 1, 10).Gain.Should().Be(1 / 0.001, "a rising ramp: end_factor / start_factor");
        new LinearLR(g, 1, 0.25, 10).Gain.Should().Be(1, "a falling ramp");
        new MultiStepLR(g, [1, 2, 3], 2).Gain.Should().Be(8, "gamma^milestones");
        new MultiStepLR(g, [1, 2, 3], 0.5).Gain.Should().Be(1, "a decaying gamma");
        new ConstantLR(g, 0.25).Gain.Should().Be(4, "1 / factor at total_iters");
        new StepLR(g, 3, 0.5).Gain.Should().Be(1);

        // A rising LinearLR by 1e100 with a ConstantLR that rises by 1e100 reaches the bound; one more ULP of rise passes it.
        var h = new ParameterGroups(0.1);
        FluentActions.Invoking(() => new ChainedScheduler(h, [new LinearLR(h, 1e-100, 1, 10), new ConstantLR(h, 1e-100)])).Should().NotThrow();
        var k = new ParameterGroups(0.1);
        FluentActions.Invoking(() => new ChainedScheduler(k, [new LinearLR(k, 1e-100, 1, 10), new ConstantLR(k, 1e-100), new ConstantLR(k, 0.5)]))
            .Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("schedulers");
    }

    [Fact]
    public void Composite_children_rejections_say_what_is_wrong()
    {
        var g = new ParameterGroups(0.1);
        Rejects<ArgumentException>(() => new ChainedScheduler(g, []), "schedulers must hold at least one scheduler; got none.");
        Rejects<ArgumentNullException>(() => new ChainedScheduler(g, [new StepLR(g, 3), null!]), "schedulers must not contain null.");
        Rejects<ArgumentException>(() => new SequentialLR(g, [new StepLR(g, 3), new StepLR(new ParameterGroups(0.1), 3)], [4]),
            "schedulers must all drive the same parameter groups (PyTorch: expects all schedulers to belong to the same optimizer); the scheduler at index 1 drives others.");

        var twice = new StepLR(g, 3);
        Rejects<ArgumentException>(() => new ChainedScheduler(g, [twice, twice]), "schedulers must each be the child of one composite, once; the scheduler at index 1 already is a child.");
        var owned = new StepLR(g, 3);
        _ = new ChainedScheduler(g, [owned]);
        Rejects<ArgumentException>(() => new SequentialLR(g, [owned, new StepLR(g, 2)], [4]), "schedulers must each be the child of one composite, once; the scheduler at index 0 already is a child.");
    }

    [Fact]
    public void Sequential_rejections_say_what_is_wrong()
    {
        var g = new ParameterGroups(0.1);
        Rejects<ArgumentException>(() => new SequentialLR(g, [new StepLR(g, 3), new StepLR(g, 2)], [1, 2]), "milestones must have one entry fewer than schedulers (1); got 2.");
        Rejects<ArgumentException>(() => new SequentialLR(g, [new StepLR(g, 3), new StepLR(g, 2)], []), "milestones must have one entry fewer than schedulers (1); got 0.");
        Rejects<ArgumentException>(() => new SequentialLR(g, [new StepLR(g, 3), new StepLR(g, 2), new StepLR(g, 4)], [5, 3]), "milestones must be in non-decreasing order; got 3 after 5.");
        FluentActions.Invoking(() => new SequentialLR(g, [new StepLR(g, 3), new StepLR(g, 2), new StepLR(g, 4)], [3, 3])).Should().NotThrow("a repeated milestone is allowed");

        var h = new ParameterGroups(0.1);
        Rejects<ArgumentException>(() => new SequentialLR(h, [new StepLR(h, 3), new ChainedScheduler(h, [new StepLR(h, 2)])], [4]),
            "schedulers can hold a ChainedScheduler or SequentialLR only as the first scheduler (or after a milestone 0): the one at index 1 would restart at its milestone 4 through a formula a composite does not have (PyTorch raises NotImplementedError there).");
        var k = new ParameterGroups(0.1);
        FluentActions.Invoking(() => new SequentialLR(k, [new StepLR(k, 3), new ChainedScheduler(k, [new StepLR(k, 2)])], [0])).Should().NotThrow("a composite after a milestone 0 never restarts");
    }

    [Fact]
    public void Composite_states_are_refused_child_by_child()
    {
        var g = new ParameterGroups(0.1);
        var chain = new ChainedScheduler(g, [new StepLR(g, 3), new ExponentialLR(g, 0.9)]);
        var notObject = chain.SaveState();
        notObject["_schedulers"]![1] = 5;
        Rejects<ArgumentException>(() => Run(() => chain.LoadState(notObject)),
            "state._schedulers[1] must be a JSON object. The ChainedScheduler state was not loaded; nothing was changed.");

        var badChild = chain.SaveState();
        badChild["_schedulers"]![0]!["type"] = "ExponentialLR";
        Rejects<ArgumentException>(() => Run(() => chain.LoadState(badChild)),
            "state._schedulers[0] is invalid: state.type is \"ExponentialLR\", but this scheduler is StepLR. The StepLR state was not loaded; nothing was changed. The ChainedScheduler state was not loaded; nothing was changed.");

        var h = new ParameterGroups(0.1);
        var sequence = new SequentialLR(h, [new StepLR(h, 3), new ExponentialLR(h, 0.9)], [4]);
        var moved = sequence.SaveState();
        moved["_milestones"] = new JsonArray(5);
        Rejects<ArgumentException>(() => Run(() => sequence.LoadState(moved)),
            "state._milestones differ from this scheduler's milestones. The SequentialLR state was not loaded; nothing was changed.");
        FluentActions.Invoking(() => sequence.LoadState(sequence.SaveState())).Should().NotThrow();
    }

    [Fact]
    public void Warm_restart_states_must_hold_a_cycle_length_and_a_position_in_it()
    {
        var scheduler = new CosineAnnealingWarmRestarts(new ParameterGroups(0.1), 3, tMult: 2);
        for (int i = 0; i < 20; i++)
        {
            scheduler.Step();
        }

        // last_epoch 20: cycles of 3, 6, 12 start at 0, 3, 9; T_i = 12, T_cur = 11.
        var saved = scheduler.SaveState();
        saved["T_i"]!.GetValue<long>().Should().Be(12);
        const string NotLoaded = " The CosineAnnealingWarmRestarts state was not loaded; nothing was changed.";
        Rejects<ArgumentException>(() => Run(() => scheduler.LoadState(With(saved, "T_i", 5))),
            "state.T_i is 5, not a cycle length of this scheduler (T_0 * T_mult^k, T_0 = 3, T_mult = 2)." + NotLoaded);
        Rejects<ArgumentException>(() => Run(() => scheduler.LoadState(With(saved, "T_i", 13))),
            "state.T_i is 13, not a cycle length of this scheduler (T_0 * T_mult^k, T_0 = 3, T_mult = 2)." + NotLoaded);
        Rejects<ArgumentException>(() => Run(() => scheduler.LoadState(With(saved, "T_cur", 12))),
            "state.T_cur must be in [0, T_i) and at most last_epoch + 1 (T_i = 12, last_epoch = 20); got 12." + NotLoaded);
        FluentActions.Invoking(() => scheduler.LoadState(With(saved, "T_cur", 11.5))).Should().NotThrow("T_cur just below T_i is allowed");

        var early = new CosineAnnealingWarmRestarts(new ParameterGroups(0.1), 10);
        early.Step();
        early.Step();
        var state = early.SaveState();
        Rejects<ArgumentException>(() => Run(() => early.LoadState(With(state, "T_cur", 3.5))),
            "state.T_cur must be in [0, T_i) and at most last_epoch + 1 (T_i = 10, last_epoch = 2); got 3.5. The CosineAnnealingWarmRestarts state was not loaded; nothing was changed.");
        FluentActions.Invoking(() => early.LoadState(With(state, "T_cur", 3))).Should().NotThrow("T_cur = last_epoch + 1 is allowed");
    }

    [Fact]
    public void Cyclic_rejections_say_what_is_wrong()
    {
        var two = new ParameterGroups([0.1, 0.2]);
        Rejects<ArgumentException>(() => new CyclicLR(two, [0.1, 0.2, 0.3], [1], cycleMomentum: false), "baseLr must have one value or one value per parameter group (2); got 3.");
        Rejects<ArgumentException>(() => new CyclicLR(two, [0.1], [], cycleMomentum: false), "maxLr must have one value or one value per parameter group (2); got 0.");
        Rejects<ArgumentException>(() => new CyclicLR(new ParameterGroups(0.1), [0.1], [1], mode: (CyclicMode)9, cycleMomentum: false),
            "mode must be triangular, triangular2 or exp_range; got 9.");
        Rejects<ArgumentException>(() => new CyclicLR(new ParameterGroups(0.1), [0.1], [1]),
            "cycleMomentum is true, but the optimizer has no momentum or beta1 to cycle (PyTorch: optimizer must support momentum or beta1 with `cycle_momentum` option enabled).");

        Rejects<InvalidOperationException>(() => new CyclicLR(new ParameterGroups(0.1), [0.1], [1], scaleFn: _ => Math.BitIncrement(1.0), cycleMomentum: false),
            "CyclicLR's scale function returned 1.0000000000000002 at last_epoch 0; it must return a value in [0, 1]. Nothing was changed.");
        var negative = new CyclicLR(new ParameterGroups(0.1), [0.1], [1], scaleFn: x => x > 1 ? -1e-300 : 1, scaleMode: CyclicScaleMode.Iterations, cycleMomentum: false);
        negative.Step();
        Rejects<InvalidOperationException>(() => Run(negative.Step),
            "CyclicLR's scale function returned -1E-300 at last_epoch 2; it must return a value in [0, 1]. Nothing was changed.");
        FluentActions.Invoking(() => new CyclicLR(new ParameterGroups(0.1), [0.1], [1], scaleFn: _ => 0, cycleMomentum: false)).Should().NotThrow("a scale of 0 is allowed");
    }

    [Fact]
    public void One_cycle_rejections_say_what_is_wrong()
    {
        var sgd = new ParameterGroups(0.1, 0.9);
        Rejects<ArgumentException>(() => new OneCycleLR(sgd, [0.1], epochs: 10),
            "totalSteps or both epochs and stepsPerEpoch must be given (PyTorch: you must define either total_steps OR (epochs AND steps_per_epoch)).");
        Rejects<ArgumentException>(() => new OneCycleLR(sgd, [0.1], totalSteps: 10, annealStrategy: (Interpolation)7), "annealStrategy must be cos or linear; got 7.");

        const string Phases = "pctStart must give every phase a positive length (a phase ends at step ";
        Rejects<ArgumentOutOfRangeException>(() => new OneCycleLR(sgd, [0.1], totalSteps: 10, pctStart: 0.1),
            Phases + "0, after 0; PyTorch would divide by zero or go backwards); got 0.1.");
        FluentActions.Invoking(() => new OneCycleLR(new ParameterGroups(0.1, 0.9), [0.1], totalSteps: 10, pctStart: 0.2)).Should().NotThrow("a first phase of one step is allowed");
        Rejects<ArgumentOutOfRangeException>(() => new OneCycleLR(sgd, [0.1], totalSteps: 10, pctStart: 1),
            Phases + "9, after 9; PyTorch would divide by zero or go backwards); got 1.");
        FluentActions.Invoking(() => new OneCycleLR(new ParameterGroups(0.1, 0.9), [0.1], totalSteps: 10, pctStart: 0.9)).Should().NotThrow("a last phase of one step is allowed");

        Rejects<ArgumentOutOfRangeException>(() => new OneCycleLR(sgd, [1e100], totalSteps: 10, divFactor: 0.5),
            "divFactor must keep the initial learning rate max_lr / div_factor in [0, 1e100]; got 0.5 (max_lr 1E+100).");
        Rejects<ArgumentOutOfRangeException>(() => new OneCycleLR(sgd, [1e100], totalSteps: 10, divFactor: 1, finalDivFactor: 0.5),
            "finalDivFactor must keep the minimum learning rate initial_lr / final_div_factor in [0, 1e100]; got 0.5 (initial_lr 1E+100).");
        FluentActions.Invoking(() => new OneCycleLR(new ParameterGroups(0.1, 0.9), [1e100], totalSteps: 10, divFactor: 1, finalDivFactor: 1))
            .Should().NotThrow("initial and minimum learning rates of 1e100 are allowed");

        Rejects<ArgumentException>(() => new OneCycleLR(new ParameterGroups(0.1), [0.1], totalSteps: 10),
            "cycleMomentum is true, but the optimizer has no momentum or beta1 to cycle (PyTorch: optimizer must support momentum or beta1 with `cycle_momentum` option enabled).");
    }

    [Fact]
    public void A_rejected_cyclic_or_one_cycle_construction_leaves_the_groups_unchanged()
    {
        // PyTorch writes the learning rates (CyclicLR) or initial_lr (OneCycleLR) before it checks cycle_momentum; here
        // the check comes first, so the optimizer's groups are as they were.
        var cyclic = new ParameterGroups([0.5, 0.25]);
        FluentActions.Invoking(() => new CyclicLR(cyclic, [0.1], [1])).Should().Throw<ArgumentException>();
        cyclic.GetLearningRate(0).Should().Be(0.5);
        cyclic.GetLearningRate(1).Should().Be(0.25);
        cyclic.GetInitialLearningRate(0).Should().BeNull();

        var oneCycle = new ParameterGroups([0.5, 0.25]);
        FluentActions.Invoking(() => new OneCycleLR(oneCycle, [0.1], totalSteps: 10)).Should().Throw<ArgumentException>();
        oneCycle.GetLearningRate(0).Should().Be(0.5);
        oneCycle.GetInitialLearningRate(0).Should().BeNull();
        oneCycle.GetInitialLearningRate(1).Should().BeNull();

        // With momentum the same constructions succeed and write what PyTorch writes.
        var sgd = new ParameterGroups([0.5, 0.25], [0.9, 0.9]);
        _ = new CyclicLR(sgd, [0.1], [1]);
        sgd.GetMomentum(1).Should().Be(0.9);
        sgd.GetInitialLearningRate(1).Should().Be(0.1);
    }

    [Fact]
    public void Plateau_rejections_say_what_is_wrong()
    {
        var g = new ParameterGroups(0.1);
        Rejects<ArgumentException>(() => new ReduceLROnPlateau(g, mode: (PlateauMode)5), "mode must be min or max; got 5.");
        Rejects<ArgumentException>(() => new ReduceLROnPlateau(g, thresholdMode: (ThresholdMode)4), "thresholdMode must be rel or abs; got 4.");
        Rejects<ArgumentOutOfRangeException>(() => new ReduceLROnPlateau(g, factor: 1), "factor must be in [0, 1) (PyTorch: factor should be < 1.0); got 1.");
        Rejects<ArgumentOutOfRangeException>(() => new ReduceLROnPlateau(g, factor: -1e-300), "factor must be in [0, 1) (PyTorch: factor should be < 1.0); got -1E-300.");
        FluentActions.Invoking(() => new ReduceLROnPlateau(g, factor: Math.BitDecrement(1.0))).Should().NotThrow("the factor just below 1 is allowed");
        FluentActions.Invoking(() => new ReduceLROnPlateau(g, factor: 0)).Should().NotThrow("a factor of 0 is allowed");
        Rejects<ArgumentException>(() => new ReduceLROnPlateau(new ParameterGroups([0.1, 0.2]), minLr: [0, 0, 0]), "minLr must have one value or one value per parameter group (2); got 3.");
    }

    [Fact]
    public void Plateau_states_are_refused_with_the_field_and_the_reason()
    {
        var plateau = new ReduceLROnPlateau(new ParameterGroups(0.1), patience: 3, cooldown: 2);
        plateau.Step(1.0);
        plateau.Step(1.0);
        var saved = plateau.SaveState();
        const string NotLoaded = " The ReduceLROnPlateau state was not loaded; nothing was changed.";
        Rejects<ArgumentException>(() => Run(() => plateau.LoadState(With(saved, "best", "NaN"))),
            "state.best must be a number or one of \"Infinity\", \"-Infinity\"." + NotLoaded);
        FluentActions.Invoking(() => plateau.LoadState(With(saved, "best", "-Infinity"))).Should().NotThrow();

        var bad = With(With(saved, "num_bad_epochs", 1), "cooldown_counter", 1);
        Rejects<ArgumentException>(() => Run(() => plateau.LoadState(bad)),
            "state.num_bad_epochs must be 0 while cooldown_counter is above 0 (bad epochs are not counted in the cooldown); got 1 with cooldown_counter 1." + NotLoaded);
        FluentActions.Invoking(() => plateau.LoadState(With(With(saved, "num_bad_epochs", 1), "cooldown_counter", 0))).Should().NotThrow("bad epochs outside the cooldown are counted");
        FluentActions.Invoking(() => plateau.LoadState(With(With(saved, "num_bad_epochs", 0), "cooldown_counter", 1))).Should().NotThrow("a cooldown without bad epochs is allowed");
    }

    [Fact]
    public void Torch_schedule_buffers_must_hold_every_group_of_every_step()
    {
        var plain = (TorchSchedule)ScheduleSpec.Parse("""{"type":"torch.StepLR","lr":[0.1,0.2],"args":{"step_size":3}}""");
        Rejects<ArgumentException>(() => Run(() => plain.EvaluateGroups(0, 3, new double[5], [])), "learningRates must hold stepCount * GroupCount = 6 values; got 5.");
        FluentActions.Invoking(() => plain.EvaluateGroups(0, 3, new double[6], [])).Should().NotThrow("exactly stepCount * GroupCount values are enough");
        Rejects<ArgumentException>(() => Run(() => plain.EvaluateGroups(0, 3, new double[6], new double[6])), "momentums must be empty: this schedule has no momentum.");

        var sgd = (TorchSchedule)ScheduleSpec.Parse("""{"type":"torch.OneCycleLR","lr":[0.1,0.1],"momentum":0.9,"args":{"max_lr":[0.1,0.5],"total_steps":20}}""");
        Rejects<ArgumentException>(() => Run(() => sgd.EvaluateGroups(0, 3, new double[6], new double[5])), "momentums must be empty or hold stepCount * GroupCount = 6 values; got 5.");
        FluentActions.Invoking(() => sgd.EvaluateGroups(0, 3, new double[6], new double[6])).Should().NotThrow("exactly stepCount * GroupCount momentums are enough");
        FluentActions.Invoking(() => sgd.EvaluateGroups(0, 3, new double[6], [])).Should().NotThrow("no momentums may be asked for");
    }

    /// <summary>
    /// Asserts that <paramref name="act"/> throws exactly <typeparamref name="T"/> with the message <paramref name="message"/>
    /// (followed, for an argument exception that names its parameter, by .NET's " (Parameter 'name')").
    /// </summary>
    private static void Rejects<T>(Func<object?> act, string message)
        where T : Exception
    {
        var ex = FluentActions.Invoking(act).Should().ThrowExactly<T>().Which;
        string expected = ex is ArgumentException { ParamName: { } name } ? message + " (Parameter '" + name + "')" : message;
        ex.Message.Should().Be(expected);
    }

    private static object? Run(Action action)
    {
        action();
        return null;
    }

    /// <summary>A copy of <paramref name="state"/> with <paramref name="field"/> set to <paramref name="value"/>.</summary>
    private static JsonObject With(JsonObject state, string field, JsonNode? value)
    {
        var copy = (JsonObject)state.DeepClone();
        copy[field] = value;
        return copy;
    }

    /// <summary>Parameter groups that hold whatever they are given (no range checks), to reach the schedulers' own checks.</summary>
    private sealed class BareGroups : IParameterGroups
    {
        private readonly double[] _lrs;
        private readonly double?[] _initial;

        public BareGroups(int count, double lr, double? initialLr = null)
        {
            _lrs = Enumerable.Repeat(lr, count).ToArray();
            _initial = Enumerable.Repeat(initialLr, count).ToArray();
        }

        public int Count => _lrs.Length;

        public bool SupportsMomentum => false;

        public double GetLearningRate(int index) => _lrs[index];

        public void SetLearningRate(int index, double value) => _lrs[index] = value;

        public double? GetInitialLearningRate(int index) => _initial[index];

        public void SetInitialLearningRate(int index, double value) => _initial[index] = value;

        public double GetMomentum(int index) => throw new NotSupportedException();

        public void SetMomentum(int index, double value) => throw new NotSupportedException();
    }
}
