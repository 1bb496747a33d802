import { ConstructInputError } from '../../lib/constructs/construct-error';
import { isolatedSubnetCidrs } from '../../lib/constructs/isolated-vpc';

describe('isolatedSubnetCidrs', () => {
  it('splits a /16 into consecutive /20 subnets, one per AZ', () => {
    expect(isolatedSubnetCidrs('10.30.0.0/16', 3)).toEqual(['10.30.0.0/20', '10.30.16.0/20', '10.30.32.0/20']);
  });

  it('never makes subnets smaller than /28', () => {
    expect(isolatedSubnetCidrs('192.168.4.0/24', 2)).toEqual(['192.168.4.0/28', '192.168.4.16/28']);
  });

  it('refuses a malformed CIDR', () => {
    expect(() => isolatedSubnetCidrs('10.0.0.0/40', 2)).toThrow(ConstructInputError);
    expect(() => isolatedSubnetCidrs('10.0.0.0/40', 2)).toThrow('"10.0.0.0/40" is not a valid IPv4 CIDR');
  });
});
