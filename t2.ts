import { parse } from './core/src/syntax/parser';
for (const src of [
 'a { foo bar baz = 1 \n y = 2 }',
 'a { x = = 3 \n y = 2 }',
 'a { vcpus = \n memory = 8GiB }',
 'a { b { c = 1 } \n d = 2 ',
]) {
  const f = parse(src);
  console.log(JSON.stringify(f.errors), JSON.stringify(f.items.map((i:any)=>[i.kind, i.items?.map((x:any)=>x.name ?? x.kind)])));
}
