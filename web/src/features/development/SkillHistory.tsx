import { Box, Select, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { DevelopmentProfile } from './api.ts';
import { SOURCE_WORDS } from './words.ts';

/** One skill's ratings over time: what others observed, and the rep's own view. */
export function SkillHistory({
  profile,
  initial,
}: {
  profile: DevelopmentProfile;
  initial: string | undefined;
}) {
  const rated = profile.skills.filter((s) => profile.evidence.some((e) => e.skill === s.slug));
  // Follows the plan's focus until the viewer picks a skill of their own.
  const [chosen, setSkill] = useState<string | null>(null);
  const skill = chosen ?? initial ?? rated[0]?.slug ?? '';
  if (rated.length === 0)
    return (
      <Text size="sm" c="dimmed">
        The history appears once a skill has been rated.
      </Text>
    );
  const points = profile.evidence
    .filter((e) => e.skill === skill)
    .map((e) => ({
      day: e.observedOn,
      observed: e.source === 'self_assessment' ? null : e.level,
      self: e.source === 'self_assessment' ? e.level : null,
      source: SOURCE_WORDS[e.source],
    }));
  const name = profile.skills.find((s) => s.slug === skill)?.name ?? skill;
  const summary = points.map((p) => `${p.day}: ${p.observed ?? p.self} (${p.source})`).join('; ');
  return (
    <Stack gap="xs">
      <Select
        label="Skill"
        data={rated.map((s) => ({ value: s.slug, label: s.name }))}
        value={skill}
        onChange={(v) => v && setSkill(v)}
        allowDeselect={false}
        w={260}
      />
      <Box role="img" aria-label={`Ratings of ${name} over time: ${summary}`}>
        <ResponsiveContainer width="100%" height={220}>
          <LineChart data={points} margin={{ top: 10, right: 16, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="day" tick={{ fontSize: 11 }} />
            <YAxis domain={[1, 5]} ticks={[1, 2, 3, 4, 5]} width={28} />
            <Tooltip />
            <Legend />
            <Line name="Observed" dataKey="observed" stroke="#1864ab" connectNulls strokeWidth={2} />
            <Line name="Self" dataKey="self" stroke="#c92a2a" connectNulls strokeDasharray="4 3" />
          </LineChart>
        </ResponsiveContainer>
      </Box>
    </Stack>
  );
}
