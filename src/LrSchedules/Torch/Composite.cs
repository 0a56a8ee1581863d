using System.Text.Json.Nodes;
using LrSchedules.Internal;

namespace LrSchedules.Torch;

/// <summary>Shared checks and nested state of <see cref="SequentialLR"/> and <see cref="ChainedScheduler"/>.</summary>
internal static class Composite
{
    public static LRScheduler[] Check(IParameterGroups groups, IReadOnlyList<LRScheduler> schedulers, string paramName)
    {
        var result = Guard.NotNull(schedulers, paramName).ToArray();
        if (result.Length == 0)
        {
            throw Guard.Invalid(paramName, "must hold at least one scheduler; got none.");
        }

        for (int i = 0; i < result.Length; i++)
        {
            if (result[i] is null)
            {
                throw new ArgumentNullException(paramName, paramName + " must not contain null.");
            }

            if (!ReferenceEquals(result[i].Groups, groups))
            {
                throw Guard.Invalid(paramName, "must all drive the same parameter groups (PyTorch: expects all schedulers to belong to the same optimizer); the scheduler at index " + i + " drives others.");
            }

            // A child stepped twice per step (listed twice, or by two composites) would run ahead of its own state's
            // invariants (_step_count and last_epoch) and of its composite's.
            if (result[i].Owner is not null || Array.IndexOf(result, result[i]) != i)
            {
                throw Guard.Invalid(paramName, "must each be the child of one composite, once; the scheduler at index " + i + " already is a child.");
            }
        }

        return result;
    }

    /// <summary>Marks the children as owned by <paramref name="owner"/> (once its constructor has checked everything).</summary>
    public static void Adopt(LRScheduler owner, LRScheduler[] schedulers)
    {
        foreach (var s in schedulers)
        {
            s.Owner = owner;
        }
    }

    public static JsonArray SaveChildren(LRScheduler[] schedulers) => new([.. schedulers.Select(s => (JsonNode)s.SaveState())]);

    public static Action PrepareChildren(StateReader reader, LRScheduler[] schedulers)
    {
        var states = reader.Array("_schedulers", schedulers.Length);
        var actions = new Action[schedulers.Length];
        for (int i = 0; i < schedulers.Length; i++)
        {
            var child = states[i] as JsonObject ?? throw reader.Fail("_schedulers[" + i + "]", "must be a JSON object.");
            try
            {
                actions[i] = schedulers[i].PrepareLoad(child);
            }
            catch (ArgumentException ex)
            {
                throw reader.Fail("_schedulers[" + i + "]", "is invalid: " + ex.Message);
            }
        }

        return () =>
        {
            foreach (var apply in actions)
            {
                apply();
            }
        };
    }
}
