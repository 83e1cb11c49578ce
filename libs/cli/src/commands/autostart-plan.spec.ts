import { accumulateGroups } from '../args';
import { planAutostart, type AutostartCandidate } from './autostart-plan';

/** The four containers of the side-by-side run (LXC-REFERENCE 3.10), all stopped. */
const C: AutostartCandidate[] = [
  { name: 'a1', running: false, auto: true, delay: 2, order: 5, groups: ['grp'] },
  { name: 'a2', running: false, auto: true, delay: 1, order: 1, groups: ['onboot', 'grp'] },
  { name: 'a3', running: false, auto: true, delay: 0, order: 3, groups: null },
  { name: 'a4', running: false, auto: false, delay: 0, order: 0, groups: ['grp'] },
];

/** `lxc-autostart -P … <flags>` of LXC 5.0.2 on those containers: the names, in order. */
const REAL: Array<[string, string[], string[]]> = [
  ['-L', [], ['a3']],
  ['-L -g grp', ['grp'], ['a2', 'a1']],
  ['-L -g onboot,', ['onboot,'], ['a2', 'a3']],
  ['-L -g onboot', ['onboot'], ['a2']],
  ['-L -g grp,onboot', ['grp,onboot'], ['a2', 'a1']],
  ['-L -g ,grp', [',grp'], ['a3']],
  ['-L -g gr', ['gr'], []],
];

describe('planAutostart side by side with lxc-autostart of LXC 5.0.2', () => {
  it.each(REAL)('%s', (_label, g, names) => {
    const groups = g.length ? g.reduce((list, arg) => accumulateGroups(arg, list), [] as string[]) : undefined;
    expect(planAutostart(C, { groups, all: false, ignoreAuto: false, reverse: false }).map((c) => c.name)).toEqual(names);
  });

  it('-a ignores groups, -A ignores lxc.start.auto, -s/-k walk the order backwards', () => {
    const names = (sel: Partial<Parameters<typeof planAutostart>[1]>) =>
      planAutostart(C, { all: false, ignoreAuto: false, reverse: false, ...sel }).map((c) => c.name);
    expect(names({ all: true })).toEqual(['a2', 'a3', 'a1']);
    expect(names({ ignoreAuto: true })).toEqual(['a3']);
    expect(names({ ignoreAuto: true, groups: ['grp'] })).toEqual(['a4', 'a2', 'a1']);
    expect(names({ all: true, ignoreAuto: true })).toEqual(['a4', 'a2', 'a3', 'a1']);
    expect(names({ all: true, reverse: true })).toEqual(['a1', 'a3', 'a2']);
  });
});

describe('accumulateGroups (accumulate_list of lxc_autostart.c)', () => {
  it('keeps empty fields, drops a field an earlier one is a prefix of, accumulates across -g', () => {
    expect(accumulateGroups('onboot,')).toEqual(['onboot', '']);
    expect(accumulateGroups(',grp')).toEqual(['']);
    expect(accumulateGroups('web,webx,db')).toEqual(['web', 'db']);
    expect(accumulateGroups('db', accumulateGroups('web'))).toEqual(['web', 'db']);
  });
});
