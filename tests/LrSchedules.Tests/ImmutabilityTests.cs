using System.Reflection;
using FluentAssertions;
using LrSchedules.Composition;
using Xunit;

namespace LrSchedules.Tests;

public class ImmutabilityTests
{
    private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    [Fact]
    public void Every_public_schedule_type_is_sealed_and_immutable()
    {
        var types = typeof(LearningRateSchedule).Assembly.GetExportedTypes()
            .Where(t => !t.IsAbstract && typeof(LearningRateSchedule).IsAssignableFrom(t))
            .ToList();
        types.Should().HaveCountGreaterThanOrEqualTo(15);
        var problems = new List<string>();
        foreach (var type in types.Append(typeof(SchedulePhase)))
        {
            if (!type.IsSealed)
            {
                problems.Add(type.Name + " is not sealed");
            }

            foreach (var property in type.GetProperties(BindingFlags.Instance | BindingFlags.Public))
            {
                if (property.SetMethod is not null)
                {
                    bool init = property.SetMethod.ReturnParameter.GetRequiredCustomModifiers().Any(m => m.FullName == "System.Runtime.CompilerServices.IsExternalInit");
                    problems.Add(type.Name + "." + property.Name + " has a " + (init ? "init accessor" : "setter"));
                }
            }

            for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
            {
                foreach (var field in t.GetFields(Instance | BindingFlags.DeclaredOnly))
                {
                    if (!field.IsInitOnly)
                    {
                        problems.Add(t.Name + "." + field.Name + " is not readonly");
                    }
                }
            }
        }

        problems.Should().BeEmpty();
    }
}
