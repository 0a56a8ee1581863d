using System.Globalization;
using System.Text.Json.Nodes;
using CsCheck;
using LrSchedules.Specs;
using LrSchedules.Torch;
using Xunit;
using Xunit.Sdk;

namespace LrSchedules.Tests.Reliability;

/// <summary>
/// Properties of the <c>torch.*</c> specs and the stateful schedulers over arguments drawn from the edges of their ranges
/// (see <see cref="TorchGenerators"/>): whatever is accepted gives finite values <c>&gt;= 0</c>, and an out-of-range state
/// is rejected by <c>LoadState</c> without changing anything. A failure is shrunk by CsCheck and printed as the spec, the
/// construction or the state.
/// </summary>
public sealed class TorchPropertyTests
{
    [Fact]
    public void Every_accepted_torch_spec_is_finite_and_non_negative_at_every_step()
    {
        Gen.Select(TorchGenerators.Spec(), Gen.Long[0, 2_000].Array[0, 2]).Sample(
            (json, steps) =>
            {
                IGroupedSchedule schedule;
                try
                {
                    schedule = (IGroupedSchedule)ScheduleSpec.Parse(json);
                }
                catch (ScheduleSpecException)
                {
                    return;
                }

                const int Count = 40;
                var lrs = new double[Count * schedule.GroupCount];
                var momentums = new double[schedule.HasMomentum ? lrs.Length : 0];
                schedule.EvaluateGroups(0, Count, lrs, momentums);
                for (int i = 0; i < lrs.Length; i++)
                {
                    Require(lrs[i], "lr of group " + (i % schedule.GroupCount) + " at step " + (i / schedule.GroupCount));
                    if (momentums.Length > 0)
                    {
                        Require(momentums[i], "momentum of group " + (i % schedule.GroupCount) + " at step " + (i / schedule.GroupCount));
                    }
                }

                foreach (long step in steps)
                {
                    Require(((ILearningRateSchedule)schedule).GetLearningRate(step), "lr at step " + step);
                }
            },
            iter: 3_000,
            print: t => t.Item1 + " at steps [" + string.Join(", ", t.Item2) + "]");
    }

    [Fact]
    public void Every_accepted_scheduler_construction_stays_finite_and_non_negative_at_far_epochs()
    {
        TorchGenerators.Construction()
            .SelectMany(c => Gen.Select(TorchGenerators.LastEpoch(c.Period), TorchGenerators.Lr, (e, lr) => new FarCase(c, e, lr)))
            .Sample(
                t =>
                {
                    var (construction, lastEpoch, lr) = t;
                    var groups = new ParameterGroups(lr, 0.9);
                    LRScheduler scheduler;
                    try
                    {
                        groups.SetInitialLearningRate(0, lr);
                        scheduler = construction.Create(groups, lastEpoch);
                    }
                    catch (ArgumentException)
                    {
                        return;
                    }

                    RequireGroups(groups, "after construction");
                    for (int k = 1; k <= 6; k++)
                    {
                        try
                        {
                            scheduler.Step();
                        }
                        catch (InvalidOperationException) when (AtEnd(scheduler))
                        {
                            // 2^50, the largest last_epoch, or OneCycleLR's total_steps: nothing changed.
                            RequireGroups(groups, "after a refused step");
                            break;
                        }

                        RequireGroups(groups, "after step " + k);
                    }
                },
                iter: 20_000,
                print: t => t.Construction.Name + " at last_epoch " + t.LastEpoch + " over lr " + t.Lr.ToString("R", CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Out_of_range_states_are_rejected_with_ArgumentException_and_change_nothing()
    {
        Gen.Select(Gen.Int[0, StateScenarios.All.Length - 1], Gen.Int[0, 12], Gen.Int[0, 1_000])
            .Sample(
                (scenarioIndex, steps, mutationIndex) =>
                {
                    var scenario = StateScenarios.All[scenarioIndex];
                    var source = scenario.Create(steps);
                    var state = source.Save();
                    var (name, mutate) = scenario.Mutations[mutationIndex % scenario.Mutations.Length];
                    mutate(state);
                    string mutated = state.ToJsonString();

                    var target = scenario.Create(steps / 2);
                    string before = target.Save().ToJsonString();
                    try
                    {
                        target.Load(state);
                    }
                    catch (ArgumentException)
                    {
                        string after = target.Save().ToJsonString();
                        if (after != before)
                        {
                            throw new XunitException(scenario.Name + ": the rejected state (" + name + ") changed the target.\nbefore: " + before + "\nafter:  " + after);
                        }

                        return;
                    }

                    throw new XunitException(scenario.Name + ": the out-of-range state (" + name + ") was accepted: " + mutated);
                },
                iter: 2_000,
                print: t => StateScenarios.All[t.Item1].Name + " after " + t.Item2 + " steps, mutation " + StateScenarios.All[t.Item1].Mutations[t.Item3 % StateScenarios.All[t.Item1].Mutations.Length].Name);
    }

    private sealed record FarCase(Construction Construction, long LastEpoch, double Lr);

    /// <summary>Whether a step may be refused: at the documented largest last_epoch, 2^50, or at OneCycleLR's total_steps.</summary>
    private static bool AtEnd(LRScheduler scheduler) => scheduler.LastEpoch == TorchGenerators.MaxEpoch
        || (scheduler is OneCycleLR one && scheduler.LastEpoch == one.TotalSteps)
        || (scheduler is ChainedScheduler chain && chain.Schedulers.Any(AtEnd));

    private static void RequireGroups(ParameterGroups groups, string when)
    {
        for (int i = 0; i < groups.Count; i++)
        {
            Require(groups.GetLearningRate(i), "lr of group " + i + " " + when);
            Require(groups.GetMomentum(i), "momentum of group " + i + " " + when);
        }
    }

    private static void Require(double value, string what)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            throw new XunitException(what + " is " + value.ToString("R", CultureInfo.InvariantCulture) + "; expected finite and >= 0");
        }
    }
}
