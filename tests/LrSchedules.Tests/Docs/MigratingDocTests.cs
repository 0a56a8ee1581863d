using FluentAssertions;
using LrSchedules.Composition;
using LrSchedules.Schedules;
using LrSchedules.Specs;
using LrSchedules.Tests.TestSupport;
using LrSchedules.Torch;
using Xunit;

namespace LrSchedules.Tests.Docs;

/// <summary>The C# example of every compat family in docs/migrating.md, compiled and run; the last test keeps the copies identical.</summary>
public sealed class MigratingDocTests
{
    [Fact]
    public void Hf_example_runs_as_documented()
    {
        // docs/migrating.md example: begin
        // Example: hf in C#
        // The arguments a transformers script passes to get_cosine_schedule_with_warmup, verbatim:
        ILearningRateSchedule hf = ScheduleSpec.Parse(
            """{"type": "hf.get_cosine_schedule_with_warmup", "lr": 0.1, "args": {"num_warmup_steps": 10, "num_training_steps": 100}}""");

        // The same schedule composed natively: HF's warmup to lr, then the cosine on its own clock from step 10
        // (periodic: HF does not clamp the cosine past num_training_steps).
        var native = new SequenceSchedule(
            new SchedulePhase(new WarmupSchedule(new ConstantSchedule(0.1), warmupSteps: 10), steps: 10),
            new SchedulePhase(new CosineSchedule(initialValue: 0.1, decaySteps: 90, periodic: true)));
        // hf.Equals(native) is true: 0.05 at step 5 (warmup), 0.05 at step 55 (half-way down the cosine).
        // docs/migrating.md example: end

        hf.Should().Be(native);
        hf.GetLearningRate(5).Should().Be(0.05);
        hf.GetLearningRate(55).Should().BeApproximately(0.05, 1e-17);
    }

    [Fact]
    public void Timm_example_runs_as_documented()
    {
        // docs/migrating.md example: begin
        // Example: timm in C#
        ILearningRateSchedule timm = ScheduleSpec.Parse(
            """{"type": "timm.CosineLRScheduler", "lr": 0.1, "args": {"t_initial": 100, "lr_min": 1e-5, "warmup_t": 5, "warmup_lr_init": 1e-4}}""");

        // timm's warmup replaces the first warmup_t values; its cosine counts from step 0 all along (hence the shift),
        // and after one cycle (cycle_limit 1) it stays at lr_min.
        var native = new SequenceSchedule(
            new SchedulePhase(new LinearSchedule(initialValue: 1e-4, finalValue: 0.1, transitionSteps: 5), steps: 5),
            new SchedulePhase(new ShiftedSchedule(new RestartsSchedule(peakValue: 0.1, period: 100, floorValue: 1e-5, cycleLimit: 1), offset: 5)));
        // timm.Equals(native) is true.
        // docs/migrating.md example: end

        timm.Should().Be(native);
        timm.GetLearningRate(0).Should().Be(1e-4);
        timm.GetLearningRate(150).Should().Be(1e-5);
    }

    [Fact]
    public void Optax_example_runs_as_documented()
    {
        // docs/migrating.md example: begin
        // Example: optax in C#
        ILearningRateSchedule optax = ScheduleSpec.Parse(
            """{"type": "optax.warmup_cosine_decay_schedule", "args": {"init_value": 0.0, "peak_value": 1.0, "warmup_steps": 10, "decay_steps": 100, "end_value": 0.01}}""");

        // optax's decay_steps counts the warmup too: the cosine itself lasts 90 steps.
        var native = new WarmupSchedule(new CosineSchedule(initialValue: 1.0, decaySteps: 90, finalValue: 0.01), warmupSteps: 10);
        // optax.Equals(native) is true.
        // docs/migrating.md example: end

        optax.Should().Be(native);
        optax.GetLearningRate(10).Should().Be(1.0);
        optax.GetLearningRate(100).Should().Be(0.01);
    }

    [Fact]
    public void Keras_example_runs_as_documented()
    {
        // docs/migrating.md example: begin
        // Example: keras in C#
        ILearningRateSchedule keras = ScheduleSpec.Parse(
            """{"type": "keras.CosineDecay", "args": {"initial_learning_rate": 0.1, "decay_steps": 100, "alpha": 0.01}}""");

        // alpha is the floor as a fraction of the initial rate.
        var native = new CosineSchedule(initialValue: 0.1, decaySteps: 100, finalValue: 0.001);
        // keras.Equals(native) is true.
        // docs/migrating.md example: end

        keras.Should().Be(native);
    }

    [Fact]
    public void Reference_example_runs_as_documented()
    {
        // docs/migrating.md example: begin
        // Example: reference in C#
        ILearningRateSchedule infinite = ScheduleSpec.Parse(
            """{"type": "reference.infinite_lr", "args": {"total_iterations": 400, "current_task": 0, "decay_style": "cosine_cooldown_infinite", "timescale": 10, "warmup_ratio": 0.05, "cooldown_ratio": 0.15, "constant_ratio": 0.8, "start_lr": 0.001, "constant_lr": 0.0001, "min_lr": 1e-05}}""");

        // Phase ends are fractions of total_iterations: warmup to step 20, cosine cooldown to 60, constant to 320,
        // exponential anneal to 400.
        var native = new InfiniteSchedule(
            peakValue: 0.001, warmupSteps: 20, cooldownSteps: 40, constantValue: 1e-4, constantSteps: 260, annealSteps: 80, finalValue: 1e-5);
        // infinite.Equals(native) is true.
        // docs/migrating.md example: end

        infinite.Should().Be(native);
        infinite.GetLearningRate(100).Should().Be(1e-4);
    }

    [Fact]
    public void Torch_example_runs_as_documented()
    {
        // docs/migrating.md example: begin
        // Example: torch in C#
        // A torch.* spec is a schedule: PyTorch's class replayed, giving the lr in effect at each step.
        ILearningRateSchedule torchSpec = ScheduleSpec.Parse(
            """{"type": "torch.StepLR", "lr": 0.1, "args": {"step_size": 30, "gamma": 0.1}}""");

        // The stateful scheduler, stepped as a PyTorch training loop steps it, over an optimizer's parameter groups.
        var groups = new ParameterGroups(0.1);
        var scheduler = new StepLR(groups, stepSize: 30, gamma: 0.1);
        var applied = new List<double>();
        for (int step = 0; step < 100; step++)
        {
            applied.Add(groups.GetLearningRate(0)); // the lr optimizer.step() uses at this step
            scheduler.Step();
        }

        // applied[k] == torchSpec.GetLearningRate(k) for every k, bit for bit.
        // docs/migrating.md example: end

        var expected = new double[100];
        torchSpec.Evaluate(0, expected);
        applied.Should().Equal(expected);
        applied[29].Should().Be(0.1);
        applied[30].Should().BeApproximately(0.01, 1e-17);
    }

    [Fact]
    public void Mxnet_example_runs_as_documented()
    {
        // docs/migrating.md example: begin
        // Example: mxnet in C#
        ILearningRateSchedule mxnet = ScheduleSpec.Parse(
            """{"type": "mxnet.MultiFactorScheduler", "args": {"step": [30, 80], "factor": 0.1, "base_lr": 0.5}}""");

        // MXNet asks for num_update = k + 1, so the decay listed at update 30 is in effect from step 30 on.
        var native = new MultiStepSchedule(initialValue: 0.5, milestones: [30, 80], gamma: 0.1);
        // mxnet.Equals(native) is true.
        // docs/migrating.md example: end

        mxnet.Should().Be(native);
        mxnet.GetLearningRate(29).Should().Be(0.5);
        mxnet.GetLearningRate(30).Should().Be(0.05);
    }

    [Fact]
    public void Mlnet_example_runs_as_documented()
    {
        // docs/migrating.md example: begin
        // Example: mlnet in C#
        ILearningRateSchedule mlnet = ScheduleSpec.Parse(
            """{"type": "mlnet.ExponentialLRDecay", "args": {"learningRate": 0.01, "numEpochsPerDecay": 2.0, "decayRate": 0.94, "staircase": true, "BatchSize": 10, "BatchesPerEpoch": 25}}""");

        // DecaySteps = (int)(10 * 25 * 2.0f / 10) = 50; the float arguments and the arithmetic are float32, as in ML.NET.
        var native = new ExponentialSchedule(
            initialValue: 0.01f, decayRate: 0.94f, transitionSteps: 50, staircase: true, arithmetic: Arithmetic.SinglePrecision);
        // mlnet.Equals(native) is true; mlnet.GetLearningRate(0) is (double)0.01f.
        // docs/migrating.md example: end

        mlnet.Should().Be(native);
        mlnet.GetLearningRate(0).Should().Be((double)0.01f);
        mlnet.GetLearningRate(50).Should().Be((double)(0.01f * (float)Math.Pow(0.94f, 1f)));
    }

    [Fact]
    public void Big_vision_example_runs_as_documented()
    {
        // docs/migrating.md example: begin
        // Example: big_vision in C#
        // config.lr and the config.schedule fields, plus the trainer's total_steps, verbatim:
        ILearningRateSchedule bigVision = ScheduleSpec.Parse(
            """{"type": "big_vision.create_learning_rate_schedule", "lr": 0.001, "args": {"total_steps": 1000, "decay_type": "rsqrt", "timescale": 200, "shift": 50, "warmup_steps": 100, "cooldown_steps": 200}}""");

        // big_vision multiplies three factors: the rsqrt decay (held at its first value during the warmup, its clock
        // starting at step 100), the warmup min(1, k / 100) and the cooldown min(1, (1000 - k) / 200).
        var decay = new HoldSchedule(new InverseSqrtSchedule(initialValue: 0.001, timescale: 200, shift: 200 + 50), holdSteps: 100);
        var native = new ProductSchedule(
            new ProductSchedule(decay, new LinearSchedule(initialValue: 0, finalValue: 1, transitionSteps: 100)),
            new LinearSchedule(initialValue: 1, finalValue: 0, transitionSteps: 200, transitionBegin: 800));
        // bigVision.Equals(native) is true.
        // docs/migrating.md example: end

        bigVision.Should().Be(native);
        bigVision.GetLearningRate(0).Should().Be(0);
        bigVision.GetLearningRate(1000).Should().Be(0);
    }

    [Fact]
    public void Composer_example_runs_as_documented()
    {
        // docs/migrating.md example: begin
        // Example: composer in C#
        // The scheduler's arguments and the Trainer's max_duration, verbatim:
        ILearningRateSchedule composer = ScheduleSpec.Parse(
            """{"type": "composer.CosineAnnealingWithWarmupScheduler", "lr": 0.001, "args": {"t_warmup": "100ba", "alpha_f": 0.1, "max_duration": "1000ba"}}""");

        // The scheduler as a function of the timestamp batch t: a linear warmup over 100 batches, then a cosine to
        // alpha_f over the remaining 900.
        var ofTimestamp = new SequenceSchedule(
            new SchedulePhase(new LinearSchedule(initialValue: 0, finalValue: 0.001, transitionSteps: 100), steps: 100),
            new SchedulePhase(new CosineSchedule(initialValue: 0.001, decaySteps: 900, finalValue: 0.001 * 0.1)));

        // The Trainer steps the scheduler after each batch, before the batch counter advances: batch k >= 1 trains with
        // the value at timestamp k - 1, batch 0 with the value at 0. That is a one-step hold.
        var native = new HoldSchedule(ofTimestamp, holdSteps: 1);
        // composer.Equals(native) is true.
        // docs/migrating.md example: end

        composer.Should().Be(native);
        composer.GetLearningRate(1).Should().Be(0);
        composer.GetLearningRate(101).Should().Be(0.001);
    }

    [Fact]
    public void Nemo_example_runs_as_documented()
    {
        // docs/migrating.md example: begin
        // Example: nemo in C#
        ILearningRateSchedule nemo = ScheduleSpec.Parse(
            """{"type": "nemo.CosineAnnealing", "lr": 0.001, "args": {"warmup_steps": 100, "max_steps": 1000, "min_lr": 1e-5}}""");

        // NeMo's warmup lr * (k + 1) / (W + 1) for k <= 100, the cosine from s = k - 100 = 1 over 900 steps, min_lr after.
        var native = new SequenceSchedule(
            new SchedulePhase(new ShiftedSchedule(new LinearSchedule(initialValue: 0, finalValue: 0.001, transitionSteps: 101), offset: 1), steps: 101),
            new SchedulePhase(new ShiftedSchedule(new CosineSchedule(initialValue: 0.001, decaySteps: 900, finalValue: 1e-5), offset: 1), steps: 900),
            new SchedulePhase(new ConstantSchedule(1e-5)));
        // nemo.Equals(native) is true: 0.001 / 101 at step 0, 0.001 at step 100, 1e-5 from step 1001.
        // docs/migrating.md example: end

        nemo.Should().Be(native);
        nemo.GetLearningRate(0).Should().Be(0.001 * (1.0 / 101));
        nemo.GetLearningRate(100).Should().Be(0.001);
        nemo.GetLearningRate(1001).Should().Be(1e-5);
    }

    [Fact]
    public void Fairseq_example_runs_as_documented()
    {
        // docs/migrating.md example: begin
        // Example: fairseq in C#
        ILearningRateSchedule fairseq = ScheduleSpec.Parse(
            """{"type": "fairseq.cosine", "lr": 0.01, "args": {"lr_period_updates": 50, "t_mult": 2.0, "lr_shrink": 0.5, "min_lr": 1e-5}}""");

        // lr_shrink scales both the peak and the floor of cycle i by 0.5^i.
        var native = new RestartsSchedule(peakValue: 0.01, period: 50, periodMultiplier: 2, peakDecay: 0.5, floorValue: 1e-5, floorDecay: 0.5);
        // fairseq.Equals(native) is true: 0.005 at step 50 (the second cycle's peak).
        // docs/migrating.md example: end

        fairseq.Should().Be(native);
        fairseq.GetLearningRate(50).Should().Be(0.005);
    }

    [Fact]
    public void Deepspeed_example_runs_as_documented()
    {
        // docs/migrating.md example: begin
        // Example: deepspeed in C#
        // The params of a ds_config "scheduler" section {"type": "WarmupDecayLR", "params": {...}}, verbatim:
        ILearningRateSchedule deepspeed = ScheduleSpec.Parse(
            """{"type": "deepspeed.WarmupDecayLR", "args": {"total_num_steps": 500, "warmup_min_lr": 0.0, "warmup_max_lr": 0.0003, "warmup_num_steps": 50, "warmup_type": "log"}}""");

        // The engine steps the scheduler after each optimizer step, so everything is held one step. The "log" warmup reaches
        // warmup_max_lr one step before a linear one would: the logarithmic shape over 49 steps, then the linear decay.
        var native = new HoldSchedule(
            new SequenceSchedule(
                new SchedulePhase(new WarmupSchedule(new ConstantSchedule(0.0003), warmupSteps: 49, startValue: 0, WarmupShape.Logarithmic), steps: 50),
                new SchedulePhase(new LinearSchedule(initialValue: 0.0003, finalValue: 0, transitionSteps: 450))),
            holdSteps: 1);
        // deepspeed.Equals(native) is true: 0 at steps 0 and 1, 0.0003 * log(10) / log(50) at step 10.
        // docs/migrating.md example: end

        deepspeed.Should().Be(native);
        deepspeed.GetLearningRate(0).Should().Be(0);
        deepspeed.GetLearningRate(1).Should().Be(0);
        deepspeed.GetLearningRate(10).Should().BeApproximately(0.0003 * Math.Log(10) / Math.Log(50), 1e-18);
    }

    [Fact]
    public void Megatron_example_runs_as_documented()
    {
        // docs/migrating.md example: begin
        // Example: megatron in C#
        ILearningRateSchedule megatron = ScheduleSpec.Parse(
            """{"type": "megatron.OptimizerParamScheduler", "args": {"init_lr": 0.0, "max_lr": 0.001, "min_lr": 1e-05, "lr_warmup_steps": 50, "lr_decay_steps": 800, "lr_decay_style": "WSD", "wsd_decay_steps": 200, "lr_wsd_decay_style": "exponential"}}""");

        // Warmup to max_lr at iteration 50 (inclusive), max_lr until iteration 600, then Megatron's "exponential"
        // 2 * 0.5^r - 1 (the shifted_exponential anneal) down to min_lr at iteration 800.
        var native = new SequenceSchedule(
            new SchedulePhase(new LinearSchedule(initialValue: 0, finalValue: 0.001, transitionSteps: 50), steps: 51),
            new SchedulePhase(new HoldSchedule(new AnnealSchedule(0.001, 1e-5, 200, DecayShape.ShiftedExponential), holdSteps: 549)));
        // megatron.Equals(native) is true.
        // docs/migrating.md example: end

        megatron.Should().Be(native);
        megatron.GetLearningRate(50).Should().Be(0.001);
        megatron.GetLearningRate(600).Should().Be(0.001);
        megatron.GetLearningRate(700).Should().BeApproximately(1e-5 + ((Math.Sqrt(2) - 1) * (0.001 - 1e-5)), 1e-17);
        megatron.GetLearningRate(800).Should().Be(1e-5);
    }

    [Fact]
    public void Page_shows_the_same_code_as_these_tests()
        => DocSnippets.AssertPageMatchesTests("docs/migrating.md", "tests/LrSchedules.Tests/Docs/MigratingDocTests.cs");
}
