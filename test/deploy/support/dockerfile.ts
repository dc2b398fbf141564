/** One Dockerfile instruction, continuation lines joined. */
export interface Instruction {
  keyword: string;
  args: string;
  /** Index of the FROM stage it belongs to. */
  stage: number;
}

export interface Stage {
  image: string;
  name?: string;
}

export function parseDockerfile(text: string): { stages: Stage[]; instructions: Instruction[] } {
  const logical = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const stages: Stage[] = [];
  const instructions = logical.map((line) => {
    const [keyword = '', ...rest] = line.split(/\s+/);
    const args = rest.join(' ');
    if (keyword.toUpperCase() === 'FROM') {
      const [image = '', as, name] = rest;
      stages.push(as?.toUpperCase() === 'AS' && name ? { image, name } : { image });
    }
    return { keyword: keyword.toUpperCase(), args, stage: stages.length - 1 };
  });
  return { stages, instructions };
}

/** COPY's flags, sources and destination (shell form only: the image uses no JSON COPY). */
export function parseCopy(args: string): { from?: string; sources: string[]; dest: string } {
  const words = args.split(/\s+/);
  const flags = words.filter((word) => word.startsWith('--'));
  const paths = words.filter((word) => !word.startsWith('--'));
  const from = flags.find((flag) => flag.startsWith('--from='))?.slice('--from='.length);
  return {
    ...(from === undefined ? {} : { from }),
    sources: paths.slice(0, -1),
    dest: paths.at(-1) ?? '',
  };
}

/** `vigil-build src/main.ts src/cli/x.ts` → ['dist/main.js', 'dist/cli/x.js']. */
export function buildOutputs(buildScript: string | undefined): string[] {
  return (buildScript ?? '')
    .split(/\s+/)
    .filter((word) => word.startsWith('src/') && word.endsWith('.ts'))
    .map((entry) => entry.replace(/^src\//, 'dist/').replace(/\.ts$/, '.js'));
}
