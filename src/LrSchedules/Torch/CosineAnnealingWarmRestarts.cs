using System.Text.Json.Nodes;
using LrSchedules.Internal;

namespace LrSchedules.Torch;

/// <summary>
/// PyTorch <c>CosineAnnealingWarmRestarts</c> (SGDR), including the fractional-epoch <see cref="Step(double)"/>. The
/// cycle of an explicit epoch is found exactly in integer arithmetic, where PyTorch's <c>int(math.log(...))</c> lands on
/// the previous cycle at some exact restarts (e.g. <c>T_0 = 1, T_mult = 3</c>, epoch 121).
/// </summary>
public sealed class CosineAnnealingWarmRestarts : LRScheduler
{
    /// <summary>Creates the scheduler and performs PyTorch's initial step.</summary>
    /// <param name="groups">The parameter groups; not null.</param>
    /// <param name="t0">Length of the first cycle (<c>T_0</c>); in <c>[1, 2^53]</c>.</param>
    /// <param name="tMult">Growth of the cycle length (<c>T_mult</c>); in <c>[1, 2^31]</c>. Default 1.</param>
    /// <param name="etaMin">Minimum learning rate; in <c>[0, 1e100]</c> (a learning rate; PyTorch does not check). Default 0.</param>
    /// <param name="lastEpoch">-1 to start, or the last epoch when resuming.</param>
    public CosineAnnealingWarmRestarts(IParameterGroups groups, long t0, long tMult = 1, double etaMin = 0.0, long lastEpoch = -1)
        : base(groups)
    {
        T0 = Guard.InRange(t0, 1, 1L << 53, nameof(t0));
        TMult = Guard.InRange(tMult, 1, 1L << 31, nameof(tMult));
        EtaMin = TorchLimits.LearningRate(etaMin, nameof(etaMin));
        TI = t0;
        TCur = lastEpoch;
        Attach(lastEpoch);
    }

    /// <summary>Length of the first cycle (<c>T_0</c>).</summary>
    public long T0 { get; }

    /// <summary>Growth of the cycle length (<c>T_mult</c>).</summary>
    public long TMult { get; }

    /// <summary>Minimum learning rate (<c>eta_min</c>).</summary>
    public double EtaMin { get; }

    /// <summary>Length of the current cycle (<c>T_i</c>); it saturates at <see cref="long.MaxValue"/> (PyTorch's integers grow without bound), a cycle no epoch up to 2^50 reaches the end of.</summary>
    public long TI { get; private set; }

    /// <summary>Position in the current cycle (<c>T_cur</c>), fractional after <see cref="Step(double)"/>.</summary>
    public double TCur { get; private set; }

    private protected override string StateType => "CosineAnnealingWarmRestarts";

    private protected override bool CountsSteps => false;

    /// <summary>PyTorch's <c>step()</c>: advances one step.</summary>
    /// <exception cref="InvalidOperationException"><see cref="LRScheduler.LastEpoch"/> is already 2^50; nothing is changed.</exception>
    public override void Step()
    {
        if (LastEpoch < 0)
        {
            Step(0);
            return;
        }

        EnsureCanStep();
        TCur += 1;
        if (TCur >= TI)
        {
            TCur %= TI;
            TI = NextCycle(TI);
        }

        ApplyAt(LastEpoch + 1);
    }

    /// <summary>PyTorch's <c>step(epoch)</c>: jumps to a (possibly fractional) epoch.</summary>
    /// <param name="epoch">The epoch; finite, in <c>[0, 2^50]</c>.</param>
    public void Step(double epoch)
    {
        Guard.InRange(epoch, 0, TorchLimits.MaxEpoch, nameof(epoch));
        if (epoch >= T0)
        {
            if (TMult == 1)
            {
                TCur = epoch % T0;
                TI = T0;
            }
            else
            {
                // The largest n with S_n = T_0 (T_mult^n - 1) / (T_mult - 1) <= epoch; S_n are integers, so compare with floor(epoch).
                long whole = (long)Math.Floor(epoch);
                long start = 0, length = T0;
                while (length <= whole - start)
                {
                    start += length;
                    length = NextCycle(length);
                }

                TCur = epoch - start;
                TI = length;
            }
        }
        else
        {
            TI = T0;
            TCur = epoch;
        }

        ApplyAt((long)Math.Floor(epoch));
    }

    // Every step sets the learning rates from T_cur and T_i alone; Skip advances those as the steps would while T_cur is
    // a whole number (a fractional one, from Step(epoch), would round differently over many additions of 1).
    internal override long SkippableSteps(long limit) => TCur == Math.Floor(TCur) ? limit : 0;

    internal override void Skip(long count)
    {
        // Step(): T_cur += 1; at T_cur >= T_i, T_cur -= T_i and T_i *= T_mult — cycle by cycle, and in one division
        // once the cycle length no longer grows.
        long left = count;
        // Stryker disable once Equality : equivalent, with nothing left the body adds 0 to T_cur and stops.
        while (left > 0)
        {
            long toRestart = TI - (long)TCur;
            if (left < toRestart)
            {
                TCur += left;
                break;
            }

            left -= toRestart;
            TCur = 0;
            long next = NextCycle(TI);
            if (next == TI)
            {
                TCur = left % TI;
                break;
            }

            TI = next;
        }

        base.Skip(count);
    }

    private protected override void GetLr(Span<double> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = EtaMin + ((BaseLrs[i] - EtaMin) * (1 + Math.Cos(Math.PI * TCur / TI)) / 2);
        }
    }

    private protected override void SaveExtraState(JsonObject state)
    {
        state["T_i"] = TI;
        state["T_cur"] = TCur;
    }

    private protected override Action PrepareExtraState(StateReader reader, long lastEpoch)
    {
        long ti = reader.Long("T_i", T0, long.MaxValue);
        long length = T0;
        while (TMult > 1 && length < ti)
        {
            length = NextCycle(length);
        }

        if (length != ti)
        {
            throw reader.Fail("T_i", "is " + ti + ", not a cycle length of this scheduler (T_0 * T_mult^k, T_0 = " + T0 + ", T_mult = " + TMult + ").");
        }

        // 0 <= T_cur < T_i, and T_cur <= last_epoch + 1 (T_cur counts the epochs into the cycle; a SequentialLR child
        // restarting at its milestone keeps its T_cur while its last_epoch starts again at 0, PyTorch's quirk).
        double tcur = reader.Double("T_cur", 0, double.MaxValue);
        if (!(tcur < ti) || tcur > lastEpoch + 1)
        {
            throw reader.Fail("T_cur", "must be in [0, T_i) and at most last_epoch + 1 (T_i = " + ti + ", last_epoch = " + lastEpoch + "); got " + Guard.Format(tcur) + ".");
        }

        return () =>
        {
            TI = ti;
            TCur = tcur;
        };
    }

    /// <summary><c>T_i * T_mult</c>, saturating at <see cref="long.MaxValue"/>.</summary>
    // Stryker disable once Equality : equivalent, a cycle of long.MaxValue / T_mult steps or more is never completed within 2^50 epochs, so saturating it one multiple early changes no value.
    private long NextCycle(long length) => length > long.MaxValue / TMult ? long.MaxValue : length * TMult;
}
